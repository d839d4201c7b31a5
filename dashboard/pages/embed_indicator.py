import dash

from dashboard import urls
from dashboard.page_titles import indicator_title
from dashboard.views.embed import embed_indicator_layout
from dashboard.views.guard import guarded

dash.register_page(__name__, path_template=urls.PAGES["embed-indicator"], title=indicator_title,
                   name="embed-indicator")


layout = guarded(embed_indicator_layout)
