"""The Dash app: pages, header, callbacks and the Flask routes of the downloads and the API.

gunicorn runs `dashboard.app:create_server()` (one app per worker, none built at import); tests call
create_app(url=...) for their own database. JJJ_URL_PREFIX (or `url_prefix=`) mounts the whole app,
pages and Flask routes alike, under a path such as /jjj/ (README "Security and deployment").
"""
from __future__ import annotations

import os
import pkgutil
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from dash import Dash
from flask import Blueprint, Flask, Response, send_file

from . import (
    admission,
    api,
    callback_guard,
    cite_routes,
    downloads,
    feed,
    first_layout,
    first_paint,
    http_cache,
    http_status,
    openapi,
    page_scripts,
    security,
    urls,
)
from .callbacks import register_callbacks

HERE = Path(__file__).resolve().parent
# Bootstrap's CSS comes from the Bootstrap-Flask package and is served locally: no CDN at run time.
# Its address carries the package's version, so browsers may keep it for a year (dashboard.http_cache).
BOOTSTRAP_CSS = files("flask_bootstrap").joinpath("static/bootstrap5/css/bootstrap.min.css")
BOOTSTRAP_VERSION = version("bootstrap-flask")
FAVICON = pkgutil.get_data("dash", "favicon.ico")
BLUEPRINTS = (downloads.blueprint, cite_routes.blueprint, api.blueprint, openapi.blueprint, feed.blueprint)


def create_app(url: str | None = None, url_prefix: str | None = None) -> Dash:
    """The dashboard; `url` picks the database (else JJJ_DATABASE_URL, DATABASE_URL, data/jjj.db);
    `url_prefix` where it is mounted (else JJJ_URL_PREFIX, else the root)."""
    mount = urls.normalize_mount(url_prefix if url_prefix is not None else os.environ.get(urls.MOUNT_CONFIG))
    app = Dash(__name__, use_pages=True, pages_folder=str(HERE / "pages"), assets_folder=str(HERE / "assets"),
               assets_ignore=first_paint.ASSETS_IGNORE,  # placed by first_paint itself, right after plotly.js
               suppress_callback_exceptions=True,
               title="京津冀协同发展指标 · Beijing–Tianjin–Hebei indicators",
               meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
               **({"url_base_pathname": mount} if mount != "/" else {}))
    if url:
        app.server.config["JJJ_DATABASE_URL"] = url
    # links are written for the browser's addresses (requests_…), routes served at Flask's (routes_…);
    # the two differ only behind a proxy that strips the prefix (DASH_REQUESTS_PATHNAME_PREFIX)
    prefix, routes = app.config.requests_pathname_prefix, app.config.routes_pathname_prefix
    app.server.config[urls.MOUNT_CONFIG] = prefix
    app.server.config[page_scripts.ENABLED] = True  # each page's index loads only the libraries it uses
    app.server.config[first_paint.ENABLED] = True  # a chart page's index shows the page before Dash has run
    app.config.external_stylesheets = [urls.mounted(urls.BOOTSTRAP_PATH, prefix) + f"?v={BOOTSTRAP_VERSION}"]
    app.server.add_url_rule(urls.mounted(urls.BOOTSTRAP_PATH, routes), "bootstrap_css",
                            lambda: send_file(str(BOOTSTRAP_CSS), mimetype="text/css", max_age=http_cache.ONE_YEAR))
    # Dash's own icon, also at the address a browser asks for when a document names none (the Atom feed)
    app.server.add_url_rule(urls.mounted(urls.FAVICON_PATH, routes), "favicon",
                            lambda: Response(FAVICON, content_type="image/x-icon",
                                             headers={"Cache-Control": f"public, max-age={http_cache.ONE_DAY}"}))
    # Flask runs after_request hooks last-registered first: compression must see the final body, and
    # the security headers every response, including those http_status replaces.
    http_cache.enable_compression(app.server, ("bootstrap_css",), routes)
    security.register(app, routes)
    for blueprint in BLUEPRINTS:
        _register_under(app.server, blueprint, routes)
    feed.add_autodiscovery(app)
    http_status.register(app.server, routes)
    http_cache.register_static_lifetimes(app.server, routes)
    callback_guard.register(app)
    admission.register(app)  # overload: a bounded number of callbacks/pages in flight, the rest 503 + Retry-After
    app.layout = first_layout.layout  # the asking page inside the first answer (dashboard/first_layout.py)
    first_layout.register(app)  # its answer for an address kept per data version (dashboard/response_cache.py)
    register_callbacks(app)
    _register_scripts(app)
    return app


def _register_under(server: Flask, blueprint: Blueprint, routes: str) -> None:
    """`blueprint`'s routes below the app's routes prefix: /download/… at the root, /jjj/download/… under /jjj/."""
    server.register_blueprint(blueprint, url_prefix=urls.mounted(blueprint.url_prefix or "", routes) or None)


def _register_scripts(app: Dash) -> None:
    """Render the index page once in this process.

    Dash 4 learns which JavaScript files it may serve while it renders the index page. Under
    gunicorn a worker that has not rendered it yet answers 500 to the browser's script requests
    (another worker served the page), so every process renders it once at start-up.
    """
    with app.server.test_client() as client:
        response = client.get(app.config.requests_pathname_prefix)
    if response.status_code != 200:
        raise RuntimeError(f"the dashboard's index page failed at start-up: HTTP {response.status_code}")


def create_server(url: str | None = None):
    """The Flask server gunicorn runs, one per worker: `gunicorn 'dashboard.app:create_server()'`.
    Nothing is built at import, so importing this module (a test, a tool) never opens a database."""
    return create_app(url).server
