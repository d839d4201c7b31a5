"""Honest HTTP statuses around Dash's catch-all page route, and the page's language on <html>.

Dash answers every unknown path with its index page and status 200. Link checkers, crawlers and
scripts deserve better: a path no page serves, or an indicator id the database does not hold, is
a 404 (the page still renders its own not-found message); an unknown address under /api or
/download is a 404 in that area's own format instead of the dashboard's HTML.
"""
from __future__ import annotations

import json
import re

from dash import hooks
from flask import Flask, Response, has_request_context, request

from .i18n import HTML_LANG, normalize_lang

PAGE_PATHS = frozenset({"/", "/compare", "/sources", "/data", "/method", "/changes", "/embed/compare"})
_INDICATOR_PATH = re.compile(r"^/(?:embed/)?indicator/([^/]+)$")  # the page and its embed


def page_exists(path: str, indicator_ids) -> bool:
    """Whether a dashboard page serves `path`; `indicator_ids()` is asked only for indicator paths."""
    path = path.rstrip("/") or "/"
    if path in PAGE_PATHS:
        return True
    match = _INDICATOR_PATH.match(path)
    if not match:
        return False
    known = indicator_ids()
    return known is None or match.group(1) in known  # unknown ids (no database): the page says why


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


def _area_not_found(path: str) -> Response | None:
    if path == "/api" or path.startswith("/api/"):
        return _json_error("no such API address; see /api/openapi.json, /api/indicators, /api/indicators/<id>, "
                           "/api/sources", 404)
    if path == "/download" or path.startswith("/download/"):
        return _text_error("no such download; see /download/observations.csv, /download/targets.csv, "
                           "/download/progress.csv, /download/indicator/<id>.csv (.bib, .cite.txt) and "
                           "/download/datapackage.json", 404)
    return None


def with_html_lang(html: str, lang: str) -> str:
    """`<html>` → `<html lang="zh-Hans">`: screen readers and fonts pick the right language."""
    return html.replace("<html>", f'<html lang="{HTML_LANG[normalize_lang(lang)]}">', 1)


@hooks.index()
def _html_lang(index: str) -> str:
    """Dash renders its index page per request: the page's language goes on <html> there."""
    return with_html_lang(index, request.args.get("lang") if has_request_context() else None)


def unprefixed(path: str, prefix: str) -> str:
    """The app's own path of a request made under a mount prefix ("/jjj/compare" → "/compare")."""
    if prefix not in ("", "/") and path.startswith(prefix):
        return "/" + path[len(prefix):]
    return path


def register(server: Flask, prefix: str = "/") -> None:
    """`prefix`: Dash's requests_pathname_prefix, where the app is mounted."""
    @server.after_request
    def _page_status(response: Response) -> Response:
        # HEAD too: link checkers ask with it and must hear what GET would say
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.mimetype != "text/html":
            return response
        path = unprefixed(request.path, prefix)
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
        make = _json_error if unprefixed(request.path, prefix).startswith("/api/") else _text_error
        response = make(message, 405)
        if error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response
