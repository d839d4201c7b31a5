import dash

from dashboard import urls
from dashboard.page_titles import page_title
from dashboard.views.embed import embed_compare_layout
from dashboard.views.guard import guarded

dash.register_page(__name__, path=urls.PAGES["embed-compare"], title=page_title("nav.compare"), name="embed-compare")


layout = guarded(embed_compare_layout)
