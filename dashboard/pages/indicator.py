import dash

from dashboard.page_titles import indicator_title
from dashboard.views.indicator import indicator_layout

dash.register_page(__name__, path_template="/indicator/<indicator_id>", title=indicator_title,
                   name="indicator")


def layout(indicator_id=None, **kwargs):
    return indicator_layout(indicator_id=indicator_id, **kwargs)
