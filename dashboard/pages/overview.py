import dash

from dashboard.page_titles import page_title
from dashboard.views.guard import guarded
from dashboard.views.overview import overview_layout

dash.register_page(__name__, path="/", title=page_title("nav.overview"), name="overview")


layout = guarded(overview_layout)
