import dash

from dashboard.views.changes import changes_layout

dash.register_page(__name__, path="/changes", title="京津冀协同发展指标 · What changed", name="changes")


def layout(**kwargs):
    return changes_layout(**kwargs)
