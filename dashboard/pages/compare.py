import dash

from dashboard import urls
from dashboard.page_titles import page_title
from dashboard.views.compare import compare_layout
from dashboard.views.guard import guarded

dash.register_page(__name__, path=urls.PAGES["compare"], title=page_title("nav.compare"),
                   name="compare", order=2, nav_label="nav.compare")


layout = guarded(compare_layout)
