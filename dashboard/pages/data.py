import dash

from dashboard import urls
from dashboard.page_titles import page_title
from dashboard.views.data_table import data_layout
from dashboard.views.guard import guarded

dash.register_page(__name__, path=urls.PAGES["data"], title=page_title("nav.data"),
                   name="data", order=4, nav_label="nav.data")


layout = guarded(data_layout)
