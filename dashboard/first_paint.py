"""The first paint: a chart page's index carries the page as HTML, and plotly.js draws its charts before
Dash has run.

A Dash page shows its first chart only after React, Dash's renderer and the component libraries have
been fetched, compiled and run, the layout has been rendered into some thousand React components, and
the graph's chunk has loaded: about a second of the browser's main thread on this machine, on top of
what a static page drawing the same figure with plotly.js needs (bench/first_chart.py). So the index of
a page in PAGES carries, for its address and the live data:

- the page as Dash will render it, written as HTML by dashboard/static_html.py: no ids, `inert` and
  hidden from assistive technology, since it is a picture of the page for the moment before the page
  itself is ready;
- its charts' figures as JSON in a <script type="application/json"> (data, never run, `<` escaped);
- dcc's own CSS, which dcc's scripts add only once they run, so its controls have their final size;
- plotly.js and assets/first_paint.js as its first scripts, asked for before anything else and placed
  right after the first chart: that chart is drawn before the rest of the page is parsed and laid out.
  The other scripts (React, Dash's renderer, the component libraries, our assets) keep their places under
  a type no browser fetches or runs, and what Dash asks for first (dashboard/page_scripts.py's preloads)
  under a link relation no browser knows: on two cores their download and compilation would slow the
  first chart, and fetched at once they would share the connections and the server with plotly.js.
  first_paint.js draws the first chart at once and the others once the page is parsed, then asks for
  those preloads, loads those scripts in their order and starts Dash's renderer; when Dash's page (built
  underneath, hidden: assets/style.css) has drawn its own charts, it removes the first paint. A first
  paint that cannot draw steps aside and the page loads as before.

Each worker computes the fragment once per address, data version, host and day (the embed code and the
citations carry absolute addresses and an access date), as dashboard/response_cache does the layout.
A page whose layout has a component static_html cannot write, or data that cannot be read (the page then
says so, and that is not kept), gets the plain index: the page appears as before, once Dash has rendered it.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import re
from pathlib import Path
from typing import NamedTuple

import dash
from dash import hooks
from flask import current_app, g, has_request_context, request
from plotly.io.json import to_json_plotly

from . import admission, first_layout, page_scripts, response_cache, static_html, urls
from .db_access import configured_url
from .versioned_cache import LRU

ENABLED = "JJJ_FIRST_PAINT"  # set by dashboard.app for its own server: the hook leaves other apps alone
PAGES = frozenset({"overview", "indicator", "compare"})  # the pages whose first view is a chart
ROOT_ID, FIGURES_ID = "first-paint", "first-paint-figures"
SCRIPT = "first_paint.js"  # in assets/, left out of Dash's own list (app.py: assets_ignore): placed here
ASSETS_IGNORE = re.escape(SCRIPT) + "$"
FRAGMENTS = 64  # per worker: a fragment is 10–75 KB
_ENTRY = '<div id="react-entry-point">'
_PLOTLY = re.compile(r'<script src="([^"]*/assets/vendor/plotly-basic\.min\.js[^"]*)"></script>\n?')
_SCRIPT_SRC = '<script src="'
# Dash's start of its renderer, an inline script; the first paint's script does the same once it has loaded
# the other scripts
_RENDERER = re.compile(r'<script id="_dash-renderer" type="(application/javascript)">(.*?)</script>', re.S)
DASH_RENDERER_START = "var renderer = new DashRenderer();"
LATER = "text/x-after-first-paint"  # a script type browsers neither run nor fetch: assets/first_paint.js does
LATER_PRELOAD = "x-preload-after-first-paint"  # a link relation browsers ignore: first_paint.js makes it a preload
# a style module in dcc's bundles: style-loader's push([module.id, "<css>", ""])
_DCC_STYLE = re.compile(r'\.push\(\[\w+\.id,"((?:[^"\\]|\\.)*)",""')
DCC_STYLED = ("dash_core_components.js", "async-dropdown.js")  # the bundles whose CSS the first paint needs
_fragments = LRU(FRAGMENTS)
log = logging.getLogger(__name__)


@functools.cache
def dcc_styles() -> str:
    """The CSS dcc's scripts inject when they run (its controls' look), read from the installed bundles."""
    folder = Path(dash.__file__).parent / "dcc"
    sheets = []
    for name in DCC_STYLED:
        text = (folder / name).read_text(encoding="utf-8")
        sheets += [json.loads(f'"{literal}"') for literal in _DCC_STYLE.findall(text)]
    return "\n".join(sheets)


def figures_json(figures: list[dict]) -> str:
    """The figures as JSON safe inside <script>: no `<`, `>` or `&` can end or open an element there."""
    return (to_json_plotly(figures).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Fragment(NamedTuple):
    """The first paint's HTML, cut where its scripts go: right after its first chart."""
    before: str  # its figures, then the page up to the end of its first chart
    after: str  # the rest of the page


def fragment(address: tuple[str, str]) -> Fragment | None:
    """The first paint's HTML for the page at `address` (before Dash's entry point), or None: a page
    with no chart to draw, or with a component static_html cannot write."""
    tree = first_layout.rendered(address)  # the index request holds its admission slot: no second one
    try:
        page = static_html.render(tree)
    except static_html.Unsupported as problem:
        log.warning("no first paint for %s%s: %s", *address, problem)
        return None
    if not page.figures:  # nothing to draw early (a table view, a 404): the page loads as before
        return None
    opening = (f'<script type="application/json" id="{FIGURES_ID}">{figures_json(page.figures)}</script>\n'
               f'<div id="{ROOT_ID}" class="first-paint" inert aria-hidden="true">')
    cut = page.first_chart_end
    assert page.html[:cut].endswith("</div></div>") and f'{static_html.FIGURE_SLOT}="0"' in page.html[:cut], (
        f"static_html's first_chart_end ({cut}) is not the end of the first chart's markup")
    return Fragment(opening + page.html[:cut], page.html[cut:] + "</div>\n")


def kept_fragment(address: tuple[str, str]) -> Fragment | None:
    """fragment(address), computed once per database, data version, host and day in this worker (a page
    that gets none is remembered too, so an address that cannot have one is not rendered again)."""
    keyed = response_cache.data_key(configured_url(), address)
    if keyed is None:
        return None
    key, token = keyed
    hit, piece = _fragments.get(key)
    if hit:
        return piece
    piece = fragment(address)
    if not response_cache.still_keepable(token):
        return None  # rendered across a swap, or while the data could not be read: neither shown nor kept
    _fragments.put(key, piece)
    return piece


def with_first_paint(index: str, shape: tuple[re.Match, re.Match], piece: Fragment, script_url: str) -> str:
    """`index` rewritten as the module's docstring says: `piece` before Dash's entry point with plotly.js
    and the first paint's script after its first chart (both asked for first, from <head>), dcc's CSS at
    the end of <head>, Dash's scripts under LATER and its preloads under LATER_PRELOAD.
    `shape`: expected_shape(index)."""
    plotly, renderer = shape
    index = _PLOTLY.sub("", index, count=1)
    index = index.replace('<link rel="preload" ', f'<link rel="{LATER_PRELOAD}" ')
    index = index.replace(_SCRIPT_SRC, f'<script type="{LATER}" src="')
    index = index.replace(renderer.group(0), renderer.group(0).replace(renderer.group(1), LATER, 1), 1)
    # asked for before the stylesheets: the browser opens six connections to a host and queues the rest,
    # and the first paint waits for plotly.js alone
    early = (f'<link rel="preload" as="script" fetchpriority="high" href="{plotly.group(1)}">'
             f'<link rel="preload" as="script" href="{script_url}">')
    index = index.replace("<head>", "<head>\n" + early, 1)
    index = index.replace("</head>", f"<style>{dcc_styles()}</style>\n</head>", 1)
    scripts = f'{plotly.group(0).rstrip()}<script src="{script_url}"></script>'
    return index.replace(_ENTRY, piece.before + scripts + piece.after + _ENTRY, 1)


def script_url() -> str:
    """The first paint script's address, versioned like Dash's own asset addresses (cached for a year)."""
    app = first_layout.this_app()
    stamp = os.path.getmtime(Path(app.config.assets_folder) / SCRIPT)
    return f"{app.get_asset_url(SCRIPT)}?m={stamp}"


def expected_shape(index: str) -> tuple[re.Match, re.Match] | None:
    """The plotly.js script tag and Dash's renderer start in `index` when it is the index with_first_paint
    knows how to rewrite (this Dash, the basic bundle); None for any other (the page is served as it is)."""
    plotly, renderer = _PLOTLY.search(index), _RENDERER.search(index)
    if plotly is None or renderer is None or renderer.group(2).strip() != DASH_RENDERER_START or _ENTRY not in index:
        return None
    return plotly, renderer


@hooks.index(priority=page_scripts.INDEX_HOOK_PRIORITY - 1)  # after page_scripts: it defers that hook's preloads
def _first_paint(index: str) -> str:
    """Dash renders its index per request: a chart page's gets its first paint. Only for a request the
    admission gate let in (GET or HEAD: a HEAD tells the GET's length), and never at the cost of the
    index: whatever goes wrong here, the page is served as Dash wrote it."""
    if not (has_request_context() and current_app.config.get(ENABLED)):
        return index
    if not g.get(admission.ADMITTED, False) or urls.page_name_at(request.path) not in PAGES:
        return index
    shape = expected_shape(index)
    if shape is None:
        return index
    try:
        address = first_layout.address_in(request.url, same_host=True)
        piece = kept_fragment(address) if address is not None else None
        return with_first_paint(index, shape, piece, script_url()) if piece is not None else index
    except Exception:  # a bug here must cost the first paint, not the page (nor a worker's start-up)
        log.exception("no first paint for %s: the index is served without it", request.full_path)
        return index


__all__ = ["ENABLED", "PAGES", "ROOT_ID", "FIGURES_ID", "LATER", "LATER_PRELOAD", "SCRIPT", "ASSETS_IGNORE",
           "Fragment", "dcc_styles", "figures_json", "fragment", "kept_fragment", "with_first_paint", "expected_shape",
           "script_url"]
