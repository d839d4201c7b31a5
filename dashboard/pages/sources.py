import dash

from dashboard.views.sources import sources_layout

dash.register_page(__name__, path="/sources", title="京津冀协同发展指标 · Sources", name="sources")


def layout(**kwargs):
    return sources_layout(**kwargs)
