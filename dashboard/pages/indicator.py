import dash

from dashboard.views.indicator import indicator_layout

dash.register_page(__name__, path_template="/indicator/<indicator_id>", title="京津冀协同发展指标 · Indicator",
                   name="indicator")


def layout(indicator_id=None, **kwargs):
    return indicator_layout(indicator_id=indicator_id, **kwargs)
