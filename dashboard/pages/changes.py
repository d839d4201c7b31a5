import dash

from dashboard.page_titles import page_title
from dashboard.views.changes import changes_layout
from dashboard.views.guard import guarded

dash.register_page(__name__, path="/changes", title=page_title("nav.changes"), name="changes")


layout = guarded(changes_layout)
