import dash

from dashboard.views.not_found import not_found_layout

dash.register_page(__name__, path="/404", title="京津冀协同发展指标 · 404")


def layout(**kwargs):
    return not_found_layout(**kwargs)
