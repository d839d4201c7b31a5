import dash

from dashboard import urls
from dashboard.page_titles import page_title
from dashboard.views.changes import changes_layout
from dashboard.views.guard import guarded

dash.register_page(__name__, path=urls.PAGES["changes"], title=page_title("nav.changes"),
                   name="changes", order=5, nav_label="nav.changes")


layout = guarded(changes_layout)
