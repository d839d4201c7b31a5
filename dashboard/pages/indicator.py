import dash

from dashboard import urls
from dashboard.page_titles import indicator_title
from dashboard.views.guard import guarded
from dashboard.views.indicator import indicator_layout

dash.register_page(__name__, path_template=urls.PAGES["indicator"], title=indicator_title, name="indicator",
                   nav_parent="overview")


layout = guarded(indicator_layout)
