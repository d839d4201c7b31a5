import dash

from dashboard.page_titles import page_title
from dashboard.views.guard import guarded
from dashboard.views.sources import sources_layout

dash.register_page(__name__, path="/sources", title=page_title("nav.sources"), name="sources")


layout = guarded(sources_layout)
