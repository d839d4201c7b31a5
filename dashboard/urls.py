"""Every address the app writes: pages, downloads, the API, embeds, the feed and static files.

One table, ROUTES, names each address and its pattern relative to where the app is mounted. Pages
(dashboard/pages/*.py) and the Flask blueprints take their paths from the same constants, and
tests/test_urls.py resolves every address built here against the app's Flask url_map and Dash's
page registry, so the two cannot drift apart.

The mount prefix ("/" or e.g. "/jjj/", from JJJ_URL_PREFIX; see README "Security and deployment")
is read from the app serving the request; outside a request (a pure view test) the app is at "/".
"""
from __future__ import annotations

import functools
import re
from urllib.parse import quote

from .i18n import DEFAULT_LANG
from .urlstate import build_search

MOUNT_CONFIG = "JJJ_URL_PREFIX"  # the Flask config key holding the app's mount prefix ("/" or "/jjj/")

# The areas of the Flask routes: the blueprints' url_prefix.
DOWNLOAD_AREA = "/download"
API_AREA = "/api"
EMBED_AREA = "/embed/"  # the pages made to be framed by other sites (dashboard.security)

# Page name (dash.register_page's name=) → path or path template.
PAGES = {
    "overview": "/",
    "indicator": "/indicator/<indicator_id>",
    "compare": "/compare",
    "sources": "/sources",
    "data": "/data",
    "changes": "/changes",
    "method": "/method",
    "embed-indicator": EMBED_AREA + "indicator/<indicator_id>",
    "embed-compare": EMBED_AREA + "compare",
    "not-found": "/404",
}
NOT_FOUND_PAGE = "not-found"  # Dash's own 404 view: a page no link points at and no path "exists" as

FEED_PATH = "/changes.atom"
OPENAPI_PATH = API_AREA + "/openapi.json"
BOOTSTRAP_PATH = "/vendor/bootstrap.min.css"
FAVICON_PATH = "/favicon.ico"  # what browsers ask for on a page that names no icon (the feed, the API's JSON)

# Every other address the app writes → its pattern; `<name>` parts are filled from keyword arguments.
ROUTES = {
    "download.table": DOWNLOAD_AREA + "/<table>.<fmt>",
    "download.indicator": DOWNLOAD_AREA + "/indicator/<indicator_id>.<fmt>",
    "download.datapackage": DOWNLOAD_AREA + "/datapackage.json",
    "cite.dataset": DOWNLOAD_AREA + "/dataset.<fmt>",
    "api.indicators": API_AREA + "/indicators",
    "api.indicator": API_AREA + "/indicators/<indicator_id>",
    "api.sources": API_AREA + "/sources",
    "api.openapi": OPENAPI_PATH,
    "feed": FEED_PATH,
    "vendor.bootstrap": BOOTSTRAP_PATH,
    "favicon": FAVICON_PATH,
}

_PART = re.compile(r"<(\w+)>")


def normalize_mount(prefix: str | None) -> str:
    """"/jjj" or "/jjj/" → "/jjj/"; None or "" → "/". ValueError naming the problem otherwise."""
    prefix = (prefix or "/").strip()
    if not prefix.startswith("/"):
        raise ValueError(f"{MOUNT_CONFIG}={prefix!r}: a mount prefix starts with '/', e.g. /jjj/")
    if not re.fullmatch(r"/([A-Za-z0-9._~-]+/?)*", prefix) or "//" in prefix:
        raise ValueError(f"{MOUNT_CONFIG}={prefix!r}: use path segments of letters, digits, '.', '_', '~' or '-'")
    return prefix if prefix.endswith("/") else prefix + "/"


def mount() -> str:
    """The mount prefix of the app serving this request, "/" outside a request."""
    from flask import current_app, has_app_context
    return current_app.config.get(MOUNT_CONFIG, "/") if has_app_context() else "/"


def mounted(path: str, prefix: str | None = None) -> str:
    """The app's own `path` ("/compare") as the browser asks for it ("/jjj/compare" under /jjj/)."""
    return (mount() if prefix is None else prefix).rstrip("/") + path


def unmounted(path: str, prefix: str) -> str:
    """The app's own path of a request made under a mount prefix ("/jjj/compare" → "/compare")."""
    if prefix not in ("", "/") and path.startswith(prefix):
        return "/" + path[len(prefix):]
    if prefix not in ("", "/") and path == prefix.rstrip("/"):
        return "/"
    return path


def fill(pattern: str, params: dict) -> tuple[str, dict]:
    """`pattern` with its `<name>` parts taken (and removed) from `params`, quoted for a path."""
    rest = dict(params)

    def part(match: re.Match) -> str:
        key = match.group(1)
        if rest.get(key) in (None, ""):
            raise ValueError(f"{pattern}: no value for <{key}>")
        return quote(str(rest.pop(key)), safe="")

    return _PART.sub(part, pattern), rest


def page(name: str, lang: str = DEFAULT_LANG, **params) -> str:
    """A page's address with its state and language: page("indicator", "en", indicator_id="x", region="y")
    → "/indicator/x?region=y&lang=en" (the default language and empty values are left out)."""
    path, query = fill(PAGES[name], params)
    return mounted(path) + build_search({**query, "lang": lang})


def route(name: str, **params) -> str:
    """Any other address of ROUTES: route("download.indicator", indicator_id="x", fmt="csv", region="y")."""
    path, query = fill(ROUTES[name], params)
    return mounted(path) + build_search(query)


def cite(indicator_id: str | None, region_id: str | None, fmt: str, lang: str) -> str:
    """The citation download of an indicator and region, or of the data set when no indicator is given."""
    if indicator_id is None:
        return route("cite.dataset", fmt=fmt, lang=lang)
    return route("download.indicator", indicator_id=indicator_id, fmt=fmt, region=region_id, lang=lang)


@functools.cache  # a handful of templates; page_at runs on every page request
def _template_pattern(template: str) -> re.Pattern:
    """"/indicator/<indicator_id>" → a regex matching one path segment per variable, by name."""
    parts = _PART.split(template)  # literal, name, literal, name, ...
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts)))


def page_at(path: str, registry) -> tuple[dict, dict[str, str]] | None:
    """The page of `registry` (dash.page_registry) serving the app's own `path`, with the path's
    variables; None when no page does. A trailing slash is ignored, as Dash's router does."""
    path = path.rstrip("/") or "/"
    for entry in registry.values():
        template = entry.get("path_template")
        if template:
            match = _template_pattern(template).fullmatch(path)
            if match:
                return entry, match.groupdict()
        elif entry["path"] == path:
            return entry, {}
    return None


def page_name_at(browser_path: str) -> str | None:
    """The name of the registered page serving the browser's `browser_path` (mount prefix included) in
    the app of this request, or None."""
    import dash
    found = page_at(unmounted(browser_path, mount()), dash.page_registry)
    return found[0]["name"] if found else None


def nav_pages(registry) -> list[dict]:
    """The pages of the header's navigation: those registered with `nav_label=` (an i18n key), by `order=`."""
    return sorted((p for p in registry.values() if p.get("nav_label")), key=lambda p: p["order"])


__all__ = ["MOUNT_CONFIG", "DOWNLOAD_AREA", "API_AREA", "EMBED_AREA", "PAGES", "NOT_FOUND_PAGE", "FEED_PATH",
           "OPENAPI_PATH", "BOOTSTRAP_PATH", "FAVICON_PATH", "ROUTES", "normalize_mount", "mount", "mounted",
           "unmounted", "fill", "page", "route", "cite", "page_at", "nav_pages"]
