"""Callbacks, kept thin: controls write the URL's query string, and the page renders from the URL.

Each callback body is a plain function (tested as such); register_callbacks wires them to an app.
"""
from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from . import reads
from .components.chart_tools import url_view
from .components.header import header
from .formatting import format_count
from .i18n import normalize_lang, t
from .response_cache import mark_uncacheable
from .urls import mounted
from .urlstate import build_search, parse_search
from .views.embed import is_embed
from .views.guard import DATA_ERRORS
from .views.image_callbacks import register_image_downloads


def updated_search(search: str | None, **changes) -> str:
    """The query string with `changes` applied (None or "" removes a parameter); the rest is kept."""
    params = parse_search(search)
    for key, value in changes.items():
        if isinstance(value, (list, tuple)):
            value = _joined(value)
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return build_search(params)


def _joined(values) -> str:
    return ",".join(str(v) for v in values if v not in (None, ""))


def _norm(value):
    if isinstance(value, (list, tuple)):
        return _joined(value) or None
    return value or None


def _push(search: str | None, rendered: dict | None, **changes):
    """The new query string, or no_update when the controls still show what the page was rendered with:
    Dash also fires these callbacks when a page's controls are inserted, and that must not rewrite the
    URL (it would drop a bad parameter before the page could say so)."""
    rendered = rendered if isinstance(rendered, dict) else {}  # a Store's data, as the browser sent it
    if all(_norm(v) == _norm(rendered.get(k)) for k, v in changes.items()):
        return no_update
    new = updated_search(search, **changes)
    return no_update if new == build_search(parse_search(search)) else new


def render_header(pathname: str | None, search: str | None):
    if is_embed(pathname):
        return None  # an embed is the chart alone, inside someone else's page
    lang = normalize_lang(parse_search(search).get("lang"))
    try:
        facts = reads.header()
    except DATA_ERRORS:
        mark_uncacheable()
        facts = None  # the page below says the database is not available
    # Dash may call this once before dcc.Location reports the address: the app's root, under its mount
    return header(facts, pathname or mounted("/"), search or "", lang)


def overview_filters_changed(theme, region, status, has_target, rendered, search):
    return _push(search, rendered, theme=theme, region=region, status=status, has_target=has_target)


def indicator_region_changed(region, rendered, search):
    return _push(search, rendered, region=region)


def compare_changed(series, mode, rendered, search):
    return _push(search, rendered, series=series or None, mode=mode)


def view_changed(view, rendered, search):
    return _push(search, rendered, view=url_view(view))


def data_filters_changed(theme, region, kind, indicator, rendered, search):
    return _push(search, rendered, theme=theme, region=region, kind=kind, indicator=indicator)


# The language switch re-renders in place, so <html lang> (set by the server on first load) follows here.
HTML_LANG_JS = """function(search) {
    var lang = new URLSearchParams(search || "").get("lang") === "en" ? "en" : "zh-Hans";
    document.documentElement.lang = lang;
    return lang;
}"""


def grid_count_changed(virtual_rows, rendered):
    """The row count follows the grid's own column filters (which the download does not apply)."""
    if virtual_rows is None or not isinstance(rendered, dict) or not isinstance(rendered.get("total"), int):
        return no_update
    total, lang = rendered["total"], rendered.get("lang")
    if len(virtual_rows) == total:
        return t(lang, "data.count", n=format_count(total))
    return t(lang, "data.count_filtered", n=format_count(len(virtual_rows)), total=format_count(total))


def register_callbacks(app: Dash) -> None:
    app.clientside_callback(HTML_LANG_JS, Output("html-lang", "data"), Input("url", "search"))
    # prevent_initial_call: the first layout carries the header when it knows the address (dashboard/first_layout.py);
    # otherwise dcc.Location reports the address on mount, and that change runs this
    app.callback(Output("site-header", "children"), Input("url", "pathname"), Input("url", "search"),
                 prevent_initial_call=True)(render_header)
    # prevent_initial_call: a page rendered from the URL must not write the URL back (no loops)
    app.callback(Output("url", "search", allow_duplicate=True),
                 Input("ov-theme", "value"), Input("ov-region", "value"), Input("ov-status", "value"),
                 Input("ov-target", "value"), State("ov-rendered", "data"), State("url", "search"),
                 prevent_initial_call=True)(overview_filters_changed)
    app.callback(Output("url", "search", allow_duplicate=True), Input("ind-region", "value"),
                 State("ind-rendered", "data"), State("url", "search"),
                 prevent_initial_call=True)(indicator_region_changed)
    app.callback(Output("url", "search", allow_duplicate=True), Input("cmp-series", "value"),
                 Input("cmp-mode", "value"), State("cmp-rendered", "data"), State("url", "search"),
                 prevent_initial_call=True)(compare_changed)
    for prefix in ("ind", "cmp"):
        app.callback(Output("url", "search", allow_duplicate=True), Input(f"{prefix}-view", "value"),
                     State(f"{prefix}-rendered", "data"), State("url", "search"),
                     prevent_initial_call=True)(view_changed)
    register_image_downloads(app)
    app.callback(Output("url", "search", allow_duplicate=True),
                 Input("data-theme", "value"), Input("data-region", "value"), Input("data-kind", "value"),
                 Input("data-indicator", "value"), State("data-rendered", "data"), State("url", "search"),
                 prevent_initial_call=True)(data_filters_changed)
    app.callback(Output("data-count", "children"), Input("data-grid", "virtualRowData"), State("data-rendered", "data"),
                 prevent_initial_call=True)(grid_count_changed)
