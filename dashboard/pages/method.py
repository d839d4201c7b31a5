import dash

from dashboard.views.method import method_layout

dash.register_page(__name__, path="/method", title="京津冀协同发展指标 · Method", name="method")


def layout(**kwargs):
    return method_layout(**kwargs)
