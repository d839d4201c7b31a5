"""Honest HTTP statuses around Dash's catch-all page route, and the page's language on <html>.

Dash answers every unknown path with its index page and status 200. Link checkers, crawlers and
scripts deserve better: a path no page serves, or an indicator id the database does not hold, is
a 404 (the page still renders its own not-found message); an unknown address under /api or
/download is a 404 in that area's own format instead of the dashboard's HTML.
"""
from __future__ import annotations

import json

import dash
from dash import hooks
from flask import Flask, Response, has_request_context, request

from . import urls
from .i18n import HTML_LANG, normalize_lang


def page_exists(path: str, indicator_ids) -> bool:
    """Whether a registered dashboard page serves the app's own `path`; `indicator_ids()` is asked only
    for paths naming an indicator."""
    found = urls.page_at(path, dash.page_registry)
    if found is None or found[0]["name"] == urls.NOT_FOUND_PAGE:
        return False
    indicator_id = found[1].get("indicator_id")
    if indicator_id is None:
        return True
    known = indicator_ids()
    return known is None or indicator_id in known  # unknown ids (no database): the page says why


def _indicator_ids():
    """The indicator ids, or None when the database cannot be read (not a reason to answer 404)."""
    try:
        from . import reads
        return reads.indicators_by_id()
    except Exception:  # noqa: BLE001 — the page itself reports the database problem
        return None


def _json_error(message: str, status: int) -> Response:
    return Response(json.dumps({"error": message}, ensure_ascii=False), status=status,
                    content_type="application/json; charset=utf-8")


def _text_error(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def _in_area(path: str, area: str) -> bool:
    return path == area or path.startswith(area + "/")


def api_not_found_message() -> str:
    """What a 404 under /api says: the addresses there are, as this app's readers reach them."""
    return "no such API address; see " + ", ".join(
        [urls.route("api.openapi"), urls.route("api.indicators"), urls.mounted(urls.API_AREA + "/indicators/<id>"),
         urls.route("api.sources")])


def _area_not_found(path: str) -> Response | None:
    if _in_area(path, urls.API_AREA):
        return _json_error(api_not_found_message(), 404)
    if _in_area(path, urls.DOWNLOAD_AREA):
        tables = [urls.route("download.table", table=name, fmt="csv") for name in ("observations", "targets",
                                                                                   "progress")]
        return _text_error(f"no such download; see {', '.join(tables)}, "
                           f"{urls.mounted(urls.DOWNLOAD_AREA + '/indicator/<id>.csv')} (.bib, .cite.txt) and "
                           f"{urls.route('download.datapackage')}", 404)
    return None


def with_html_lang(html: str, lang: str) -> str:
    """`<html>` → `<html lang="zh-Hans">`: screen readers and fonts pick the right language."""
    return html.replace("<html>", f'<html lang="{HTML_LANG[normalize_lang(lang)]}">', 1)


@hooks.index()
def _html_lang(index: str) -> str:
    """Dash renders its index page per request: the page's language goes on <html> there."""
    return with_html_lang(index, request.args.get("lang") if has_request_context() else None)


def register(server: Flask, prefix: str = "/") -> None:
    """`prefix`: Dash's requests_pathname_prefix, where the app is mounted."""
    @server.after_request
    def _page_status(response: Response) -> Response:
        # HEAD too: link checkers ask with it and must hear what GET would say
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.mimetype != "text/html":
            return response
        path = urls.unmounted(request.path, prefix)
        area = _area_not_found(path)
        if area is not None:
            return area
        if not page_exists(path, _indicator_ids):
            response.status_code = 404
        return response

    @server.errorhandler(405)
    def _method_not_allowed(error):
        allowed = sorted(m for m in (error.valid_methods or ()) if m not in ("HEAD", "OPTIONS"))
        message = f"only {' or '.join(allowed) or 'other methods'} allowed here"
        make = _json_error if urls.unmounted(request.path, prefix).startswith(urls.API_AREA + "/") else _text_error
        response = make(message, 405)
        if error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response
