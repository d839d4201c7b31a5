import dash

from dashboard.page_titles import page_title
from dashboard.views.data_table import data_layout

dash.register_page(__name__, path="/data", title=page_title("nav.data"), name="data")


def layout(**kwargs):
    return data_layout(**kwargs)
