import dash

from dashboard import urls
from dashboard.page_titles import page_title
from dashboard.views.guard import guarded
from dashboard.views.overview import overview_layout

dash.register_page(__name__, path=urls.PAGES["overview"], title=page_title("nav.overview"),
                   name="overview", order=1, nav_label="nav.overview")


layout = guarded(overview_layout)
