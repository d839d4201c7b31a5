"""Security headers on every response, and the limits that refuse oversized requests early.

Headers: a Content-Security-Policy with no 'unsafe-eval' whose only inline scripts are Dash's own,
allowed by hash (Dash.csp_hashes()); framing refused (frame-ancestors 'none' and X-Frame-Options)
everywhere except under urls.EMBED_AREA, the pages made to be framed (no frame-ancestors limit, no
X-Frame-Options); nosniff; Referrer-Policy.

Limits: a body over MAX_BODY_BYTES is a 413, a query string over MAX_QUERY_BYTES a 414, more than
MAX_QUERY_PARAMS parameters a 400 (dashboard.callback_guard applies the same limits to the page
address a Dash callback carries). deploy/nginx sets the same numbers in front.
"""
from __future__ import annotations

from dash import Dash
from flask import Flask, Response, request

from .urls import EMBED_AREA, unmounted  # EMBED_AREA: the one prefix of paths other sites may frame

# The largest callback body the pages send is the data grid's rows (at most 2,000; about 1 MB).
MAX_BODY_BYTES = 4 * 1024 * 1024
# A shared link with many compared series stays far below these; 100,000 junk parameters do not.
MAX_QUERY_BYTES = 4096
MAX_QUERY_PARAMS = 64

# Plotly and Dash's components set inline style attributes, hence 'unsafe-inline' for styles only;
# scripts: our own origin plus the hashes of Dash's inline scripts. data:/blob: for plotly's images.
_POLICY = (
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def content_security_policy(script_hashes: list[str], frameable: bool) -> str:
    """The policy for one response: scripts from our origin or with one of `script_hashes`."""
    # An embed states no frame-ancestors at all: `*` would still refuse ancestors with an opaque
    # origin (a sandboxed iframe, a page written by script, a local file), which embedders use.
    directives = [*_POLICY, ("script-src", " ".join(["'self'", *script_hashes])),
                  *([] if frameable else [("frame-ancestors", "'none'")])]
    return "; ".join(f"{name} {value}" for name, value in directives)


def is_frameable(path: str) -> bool:
    """Whether the app's own `path` (mount prefix removed) may be shown inside another site's frame."""
    return path.startswith(EMBED_AREA)


def query_problem(query: str) -> tuple[int, str] | None:
    """(status, message) when a page address's query string is too long or has too many parameters."""
    if len(query) > MAX_QUERY_BYTES:
        return 414, f"the address's query string is longer than {MAX_QUERY_BYTES} bytes"
    if query.count("&") >= MAX_QUERY_PARAMS:
        return 400, f"the address has more than {MAX_QUERY_PARAMS} parameters"
    return None


def _refusal(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def register(app: Dash, prefix: str = "/") -> None:
    """Limits and headers for every response of `app`; `prefix`: where the app is mounted."""
    server: Flask = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    policies: dict[bool, str] = {}

    def policy(frameable: bool) -> str:
        # Dash lists its inline scripts once every callback is registered, i.e. by the first request
        if frameable not in policies:
            policies[frameable] = content_security_policy(list(app.csp_hashes()), frameable)
        return policies[frameable]

    @server.before_request
    def _refuse_oversized_queries():
        problem = query_problem(request.query_string.decode("latin-1"))
        if problem is not None:
            return _refusal(*problem)
        return None

    @server.errorhandler(413)
    def _too_large(_error):
        return _refusal(413, f"the request body is larger than {MAX_BODY_BYTES} bytes")

    @server.after_request
    def _security_headers(response: Response) -> Response:
        frameable = is_frameable(unmounted(request.path, prefix))
        response.headers["Content-Security-Policy"] = policy(frameable)
        if frameable:
            response.headers.pop("X-Frame-Options", None)
        else:
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        return response
