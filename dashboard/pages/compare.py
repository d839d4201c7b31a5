import dash

from dashboard.page_titles import page_title
from dashboard.views.compare import compare_layout
from dashboard.views.guard import guarded

dash.register_page(__name__, path="/compare", title=page_title("nav.compare"), name="compare")


layout = guarded(compare_layout)
