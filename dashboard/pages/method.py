import dash

from dashboard.page_titles import page_title
from dashboard.views.guard import guarded
from dashboard.views.method import method_layout

dash.register_page(__name__, path="/method", title=page_title("nav.method"), name="method")


layout = guarded(method_layout)
