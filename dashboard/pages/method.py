import dash

from dashboard import urls
from dashboard.page_titles import page_title
from dashboard.views.guard import guarded
from dashboard.views.method import method_layout

dash.register_page(__name__, path=urls.PAGES["method"], title=page_title("nav.method"),
                   name="method", order=6, nav_label="nav.method")


layout = guarded(method_layout)
