"""Admission: a bounded number of page callbacks and page loads in flight per worker; the rest get 503.

A page's callbacks are CPU-bound: once a worker is computing as many as its cores can carry, more
threads only make every one of them slower, and under gunicorn the rest wait unseen in the
worker's queue until the client gives up (a dropped connection, nothing logged). So each worker
admits at most JJJ_MAX_INFLIGHT such requests at once (default MAX_INFLIGHT); a request finding every
slot taken waits at most JJJ_ADMISSION_WAIT seconds (default WAIT_S: a short burst is absorbed, not
refused) and is then answered 503 with Retry-After, counted and logged. Its thread is free again
within that wait, so gunicorn's queue keeps moving. The browser side (assets/busy_retry.js)
retries a refused callback after Retry-After and tells the reader while it waits, so a busy server
shows "busy, retrying" instead of a page with a silently missing part.

Gated: Dash's callback route and the page addresses themselves (Dash's index route, GET and HEAD). Static files,
the API and the downloads are not (downloads have their own cap, dashboard.downloads). Nor is a callback
answered from dashboard.response_cache: a hit costs microseconds, not a core's worth of rendering.
Kept behind the rendering misses it would wait up to JJJ_ADMISSION_WAIT, or get a 503, to save no
CPU; answered before any queue, it keeps p95 low under overload.
"""
from __future__ import annotations

import logging
import os
import threading

from dash import Dash, html
from flask import Response, g, request

from . import response_cache
from .callback_guard import CALLBACK_ROUTE
from .i18n import LANGS, t

MAX_INFLIGHT = 4  # per worker; two workers on two cores keep both busy and no request waits long
WAIT_S = 1.0
RETRY_AFTER_SECONDS = 1
BUSY_NOTICE_ID = "busy-notice"
ADMITTED = "jjj_admitted"  # flask.g: this request holds a slot (dashboard/first_paint.py renders in it)
log = logging.getLogger("dashboard.admission")


class Gate:
    """At most `limit` requests admitted at once; counts the refused ones."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"the admission limit must be at least 1, not {limit}")
        self.limit = limit
        self._slots = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self.in_flight = 0
        self.refused = 0

    def enter(self, wait: float = 0.0) -> bool:
        """Take a slot, waiting at most `wait` seconds for one; False (counted as refused) if none came free."""
        got = self._slots.acquire(timeout=wait) if wait > 0 else self._slots.acquire(blocking=False)
        if not got:
            with self._lock:
                self.refused += 1
            return False
        with self._lock:
            self.in_flight += 1
        return True

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1
        self._slots.release()


def _from_env(name: str, default, kind):
    raw = os.environ.get(name, "")
    try:
        return kind(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be a {kind.__name__}, not {raw!r}") from None


def busy_text() -> str:
    """The 503's body: both languages, since a refused request is answered before its page is known."""
    return " · ".join(t(lang, "busy.refused", seconds=RETRY_AFTER_SECONDS) for lang in LANGS)


def busy_notice() -> html.Div:
    """The (hidden) notice assets/busy_retry.js shows while a refused callback waits to be retried."""
    return html.Div(id=BUSY_NOTICE_ID, className="busy-notice", hidden=True, role="status",
                    **{f"data-{lang}-{state}": t(lang, f"busy.{state}") for lang in LANGS
                       for state in ("retrying", "gave_up")})


def register(app: Dash, limit: int | None = None, wait: float | None = None) -> Gate:
    """Gate the callback route and the page route of `app`'s server; returns the gate (tests read it)."""
    server = app.server
    gate = Gate(limit if limit is not None else _from_env("JJJ_MAX_INFLIGHT", MAX_INFLIGHT, int))
    wait = wait if wait is not None else _from_env("JJJ_ADMISSION_WAIT", WAIT_S, float)
    server.extensions["jjj_admission"] = gate
    prefix = app.config.routes_pathname_prefix
    callback_path = prefix + CALLBACK_ROUTE
    page_endpoints = {prefix, prefix + "<path:path>"}  # Dash names its routes by their rule: the index pages

    def gated() -> bool:
        if request.path == callback_path:
            return request.method == "POST" and response_cache.lookup().hit is None
        # HEAD too: it renders the page as GET does (its headers must tell the same length), only unsent
        return request.method in ("GET", "HEAD") and request.endpoint in page_endpoints

    @server.before_request
    def _admit():
        if not gated():
            return None
        if gate.enter(wait):
            setattr(g, ADMITTED, True)
            return None
        log.warning("503 busy: %d in flight (the limit) for %.1f s, refused %s %s; %d refused by worker %d so far",
                    gate.limit, wait, request.method, request.path, gate.refused, os.getpid())
        return Response(busy_text() + "\n", status=503, content_type="text/plain; charset=utf-8",
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"})

    @server.teardown_request
    def _release(_exc):
        if g.pop(ADMITTED, False):
            gate.leave()

    return gate
