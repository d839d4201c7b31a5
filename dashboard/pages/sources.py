import dash

from dashboard import urls
from dashboard.page_titles import page_title
from dashboard.views.guard import guarded
from dashboard.views.sources import sources_layout

dash.register_page(__name__, path=urls.PAGES["sources"], title=page_title("nav.sources"),
                   name="sources", order=3, nav_label="nav.sources")


layout = guarded(sources_layout)
