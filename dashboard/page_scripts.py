"""Which scripts a page's index loads: only the component libraries the page uses, and early the ones
it is certain to need.

Dash writes every imported component library into every index page. AG Grid (1.3 MB) is used by the
data page only, and Dash's deprecated DataTable bundle by none, so the index of every other page
leaves them out. A page whose library the others do not load is reached by a full page load (a plain
<a>, `link_for`), never by the in-page router: the router would render a component whose script was
never loaded.

dcc.Graph and dcc.Dropdown fetch their code (async-graph.js, async-dropdown.js) only once the layout
has arrived and names them: one more round trip before the first chart. The index asks for both at
once with <link rel="preload">, so they come with the first scripts.
"""
from __future__ import annotations

import re

from dash import dcc, hooks, html
from flask import current_app, has_request_context, request

from . import urls

# a component library (its folder under _dash-component-suites/) → the pages that use it
ONLY_ON = {"dash_ag_grid": ("data",)}
NOWHERE = ("dash/dash_table/",)  # Dash registers DataTable's bundle; no page uses it
FULL_LOAD_PAGES = frozenset(name for pages in ONLY_ON.values() for name in pages)
# dcc's chunks a page asks for as soon as its layout arrives (its charts, its selectors)
GRAPH, DROPDOWN = "dcc/async-graph.js", "dcc/async-dropdown.js"
PRELOADED_CHUNKS = {"overview": (GRAPH, DROPDOWN), "indicator": (GRAPH, DROPDOWN), "compare": (GRAPH, DROPDOWN),
                    "embed-indicator": (GRAPH,), "embed-compare": (GRAPH,), "data": (DROPDOWN,)}
# Dash's renderer asks for these only once every script has run; preloaded, the server computes the page
# (dashboard/first_layout.py) while the browser is still compiling the scripts
DASH_FIRST_REQUESTS = ("_dash-layout", "_dash-dependencies")
ENABLED = "JJJ_PAGE_SCRIPTS"  # set by dashboard.app for its own server: the hook leaves other apps alone
INDEX_HOOK_PRIORITY = 10  # Dash runs index hooks highest first: dashboard/first_paint.py rewrites what this writes
_SCRIPT = re.compile(r'<script src="[^"]*/_dash-component-suites/([^"]+)"></script>\n?')


def link_for(name: str):
    """The link component to the page `name`: a plain <a> (a full page load) where the page needs
    scripts the others do not load, else dcc.Link (the in-page router)."""
    return html.A if name in FULL_LOAD_PAGES else dcc.Link


page_name = urls.page_name_at  # the registered page serving the browser's path (mount included)


def scripts_for(index: str, page: str | None) -> str:
    """`index` without the script tags of libraries `page` does not use."""
    def keep(match: re.Match) -> str:
        suite = match.group(1)
        if suite.startswith(NOWHERE):
            return ""
        library = suite.split("/", 1)[0]
        return match.group(0) if page in ONLY_ON.get(library, (page,)) else ""
    return _SCRIPT.sub(keep, index)


def preload_tags(page: str | None, prefix: str) -> str:
    """<link rel="preload"> for the dcc chunks `page` uses, at the addresses dcc's own loader asks for,
    and for Dash's two first requests, as its renderer fetches them (mode cors, same-origin credentials)."""
    chunks = [f'<link rel="preload" as="script" href="{prefix}_dash-component-suites/dash/{chunk}">'
              for chunk in PRELOADED_CHUNKS.get(page, ())]
    answers = [f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{prefix}{route}">'
               for route in DASH_FIRST_REQUESTS]
    return "".join(chunks + answers)


@hooks.index(priority=INDEX_HOOK_PRIORITY)
def _page_scripts(index: str) -> str:
    """Dash renders its index per request: the scripts follow the page asked for."""
    if not (has_request_context() and current_app.config.get(ENABLED)):
        return index
    page = page_name(request.path)
    return scripts_for(index, page).replace("</head>", preload_tags(page, urls.mount()) + "\n</head>", 1)


__all__ = ["ONLY_ON", "NOWHERE", "FULL_LOAD_PAGES", "GRAPH", "DROPDOWN", "PRELOADED_CHUNKS", "ENABLED",
           "INDEX_HOOK_PRIORITY", "link_for", "page_name", "scripts_for", "preload_tags"]
