import dash

from dashboard.page_titles import indicator_title
from dashboard.views.guard import guarded
from dashboard.views.indicator import indicator_layout

dash.register_page(__name__, path_template="/indicator/<indicator_id>", title=indicator_title,
                   name="indicator")


layout = guarded(indicator_layout)
