"""The app's layout as Dash's `_dash-layout` serves it: with the page the browser is on already inside.

With Dash pages alone, a first load is serial: the layout arrives empty, dcc.Location reports the
address, and only then do the routing callback (the page) and the header's callback run, each one
more round trip before the first chart. The browser asks for `_dash-layout` from the page itself,
so that request's Referer is the page's address (our Referrer-Policy, strict-origin-when-cross-origin,
keeps path and query on the same origin). When it names an address of this app, the layout carries
the page, the header and the title, and both dcc.Locations hold that address, so nothing has changed
when they mount and neither callback runs (both are prevent_initial_call); they run as before on every
later change of address. Without a usable Referer (removed by a browser setting, another origin,
outside the mount, over the limits of an address, or every admission slot taken) the layout is the
empty shell and the callbacks render the page, as they always did.

The answer for an address is kept per data version like the page callbacks' (dashboard.response_cache):
a repeat of a first load costs a lookup, not a render.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash._pages import _parse_query_string, _path_to_page  # Dash's router's own reading of an address
from flask import current_app, has_request_context, request

from . import admission, response_cache, urls
from .callbacks import render_header
from .components.header import MAIN_ID
from .security import query_problem

# the ids Dash pages' router renders into (dash.page_container): its callback outputs to them
PAGE_LOCATION, PAGE_CONTENT = "_pages_location", "_pages_content"
PAGE_STORE, PAGE_DUMMY = "_pages_store", "_pages_dummy"
LAYOUT_ROUTE = response_cache.LAYOUT_OUTPUT  # Dash's route for the layout
# the address the first layout was rendered for: assets/first_address.js has the Locations read the bar
# again when it is not the address there (a Referer trimmed to the origin)
FIRST_ADDRESS = "data-first-address"
APP_EXTENSION = "jjj_dash_app"  # server.extensions: the Dash app a request's Flask server belongs to


def this_app() -> dash.Dash:
    """The Dash app serving this request. dash.get_app() names the app last set in the running context,
    which in a process with several apps (tests, a mounted and an unmounted one) can be another's."""
    return current_app.extensions.get(APP_EXTENSION) or dash.get_app()


def page_address() -> tuple[str, str] | None:
    """(pathname, search) of the page asking for the layout, as its dcc.Location would report them, or
    None when the request names no usable address of this app."""
    if not has_request_context() or not request.referrer:
        return None
    return address_in(request.referrer)


def address_in(url: str, same_host: bool = False) -> tuple[str, str] | None:
    """(pathname, search) of `url` when it is an address of this app on the request's host, else None.
    `same_host`: `url` is this request's own (its host is then known to be ours, whatever its spelling)."""
    try:
        address = urlsplit(url)
    except ValueError:  # not an address at all (an unclosed IPv6 bracket): the shell
        return None
    if (not same_host and address.netloc != request.host) or not address.path.startswith(urls.mount()):
        return None
    if query_problem(address.query) is not None:  # the callback route refuses it with its reason
        return None
    return address.path, f"?{address.query}" if address.query else ""


def routed(pathname: str, search: str) -> tuple[object, str]:
    """(the page's layout, its title) for an address: what Dash's routing callback returns for it."""
    page, variables = _path_to_page(this_app().strip_relative_path(pathname))
    if page == {}:
        page = next(p for p in dash.page_registry.values() if p["module"].split(".")[-1] == "not_found_404")
    layout, title = page.get("layout", ""), page["title"]
    if callable(layout):
        layout = layout(**{**(variables or {}), **_parse_query_string(search)})
    if callable(title):
        title = title(**(variables or {}))
    return layout, title


def shell(address: tuple[str, str] | None = None, header=None, content=None, title: str | None = None) -> html.Div:
    """The layout around every page; with `address`, its Locations hold it and the page is inside."""
    located = {"pathname": address[0], "search": address[1]} if address else {}
    marked = {FIRST_ADDRESS: address[0] + address[1]} if address else {}
    return html.Div([
        dcc.Location(id="url", refresh="callback-nav", **located),
        dcc.Store(id="html-lang"),
        html.Div(header, id="site-header"),
        # the main landmark; tabIndex -1 so the header's skip link can move focus here
        html.Main(dbc.Container(html.Div([
            dcc.Location(id=PAGE_LOCATION, refresh="callback-nav", **located),
            html.Div(content, id=PAGE_CONTENT, disable_n_clicks=True),
            dcc.Store(id=PAGE_STORE, **({"data": {"title": title}} if title is not None else {})),
            html.Div(id=PAGE_DUMMY, disable_n_clicks=True),
        ], **marked), fluid=True, className="page-body", id="page-body"), id=MAIN_ID, tabIndex="-1"),
        admission.busy_notice(),
    ])


def page_layout(address: tuple[str, str]) -> html.Div | None:
    """The shell with the page at `address`, its header and title inside; None (and this request's answer
    is not kept) when every slot of the admission gate is taken: the page's work is bounded like its
    callback's."""
    gate = current_app.extensions.get("jjj_admission")
    if gate is not None and not gate.enter(0):
        response_cache.mark_uncacheable()  # the shell, not this address's page: never kept for it
        return None
    try:
        return rendered(address)
    finally:
        if gate is not None:
            gate.leave()


def rendered(address: tuple[str, str]) -> html.Div:
    """The shell with the page at `address`, its header and title inside, for a request that already holds
    its admission slot (the index page's own, dashboard/first_paint.py)."""
    content, title = routed(*address)
    return shell(address, render_header(*address), content, title)


def layout() -> html.Div:
    """Dash's layout function: the shell, with the asking page inside when its address is known and a
    slot of the admission gate is free."""
    address = page_address()
    page = page_layout(address) if address is not None else None
    return page if page is not None else shell()


def _private(response):
    """The layout answer depends on the Referer, which no HTTP cache keys on: never stored by a browser or
    a proxy, so a back/forward or restored tab asks again rather than reusing another page's layout."""
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Referer")
    return response


def register(app: dash.Dash) -> None:
    """Keep Dash's `_dash-layout` answers per address and data version (after Dash set its routes up)."""
    server = app.server
    server.extensions[APP_EXTENSION] = app
    endpoint = app.config.routes_pathname_prefix + LAYOUT_ROUTE
    serve_layout = server.view_functions[endpoint]

    def kept_layout(*args, **kwargs):
        found = response_cache.layout_lookup(page_address())
        if found.hit is not None:
            return _private(found.hit.response())
        return _private(response_cache.render(found, lambda: serve_layout(*args, **kwargs)))

    server.view_functions[endpoint] = kept_layout


__all__ = ["register", "APP_EXTENSION", "this_app", "PAGE_LOCATION", "PAGE_CONTENT", "PAGE_STORE", "PAGE_DUMMY",
           "page_address", "address_in", "routed", "shell", "page_layout", "rendered", "layout"]
