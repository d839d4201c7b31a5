import dash

from dashboard import urls
from dashboard.page_titles import page_title
from dashboard.views.not_found import not_found_layout

dash.register_page(__name__, path=urls.PAGES["not-found"], title=page_title("nav.not_found"), name="not-found")


def layout(**kwargs):
    return not_found_layout(**kwargs)
