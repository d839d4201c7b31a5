import dash

from dashboard.views.overview import overview_layout

dash.register_page(__name__, path="/", title="京津冀协同发展指标 · Overview", name="overview")


def layout(**kwargs):
    return overview_layout(**kwargs)
