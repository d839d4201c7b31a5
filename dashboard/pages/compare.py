import dash

from dashboard.views.compare import compare_layout

dash.register_page(__name__, path="/compare", title="京津冀协同发展指标 · Compare", name="compare")


def layout(**kwargs):
    return compare_layout(**kwargs)
