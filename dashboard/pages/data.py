import dash

from dashboard.views.data_table import data_layout

dash.register_page(__name__, path="/data", title="京津冀协同发展指标 · Data", name="data")


def layout(**kwargs):
    return data_layout(**kwargs)
