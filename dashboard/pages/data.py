import dash

from dashboard.page_titles import page_title
from dashboard.views.data_table import data_layout
from dashboard.views.guard import guarded

dash.register_page(__name__, path="/data", title=page_title("nav.data"), name="data")


layout = guarded(data_layout)
