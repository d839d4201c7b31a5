import dash

from dashboard.page_titles import page_title
from dashboard.views.method import method_layout

dash.register_page(__name__, path="/method", title=page_title("nav.method"), name="method")


def layout(**kwargs):
    return method_layout(**kwargs)
