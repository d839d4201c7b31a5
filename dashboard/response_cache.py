"""Rendered answers of the page callbacks, kept per worker and keyed by the data version.

The page content (Dash's page router: a page's layout from the URL), the header and the first layout
with the page inside (dashboard/first_layout.py, keyed by its address) are pure functions of the
request, the data, the mount, the host the reader used (embed code and citations carry absolute
addresses) and the day (a citation's access date). So each worker keeps the final bytes of those
answers, compressed as the client asked, in an LRU bounded in bytes (JJJ_RESPONSE_CACHE_MB, default
DEFAULT_MB per worker; 0 turns it off) keyed by (data token, output id, host, day, the encodings the
client accepts, digest of the body or the page's address), and answers a repeat without running Dash: a
stat, a hash and a copy instead of 100–300 ms of layout and JSON.

Cached: only the outputs in CACHED_OUTPUTS and, of the page content, the pages in CACHED_PAGES (the
changes page also reads the refresh log, a file the data version does not cover). Never cached: an
answer other than 200, one rendered while the database could not be read (views.guard marks the
request with mark_uncacheable), one rendered across a data swap (the token before and after differ).

Compression happens once, on the miss, by flask-compress's own after_request called in the view, and
its output is what is kept; on a hit flask-compress still runs and leaves a body that already has its
Content-Encoding alone. Every other after_request hook (security headers) runs on hits as on misses.
"""
from __future__ import annotations

import hashlib
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, has_request_context, request

from db.errors import UNAVAILABLE

from . import urls
from .versioned_cache import data_token
from .views.cite import today

SIZE_ENV = "JJJ_RESPONSE_CACHE_MB"
DEFAULT_MB = 64  # per worker: a few hundred page answers (overview ~160 KB, indicator ~320 KB before compression)
ENTRY_OVERHEAD = 1024  # bytes counted per kept answer besides its body and headers
MAX_HOST = 256  # bytes of the reader's host URL; a longer one is not worth a cache entry
MAX_KEYED_BODY = 8 * 1024  # a page or header call is under 1 KB: a larger body is never parsed here, never kept
ENCODINGS = ("br", "gzip", "deflate", "zstd")  # what the client's Accept-Encoding may choose between
EXTENSION = "jjj_response_cache"  # where the app's cache lives in server.extensions

HEADER_OUTPUT = "site-header.children"
PAGE_OUTPUT = ".._pages_content.children..._pages_store.data.."  # Dash pages' router (dash.dash._ID_CONTENT…)
LAYOUT_OUTPUT = "_dash-layout"  # the first layout with the page inside (dashboard/first_layout.py)
CACHED_OUTPUTS = frozenset({HEADER_OUTPUT, PAGE_OUTPUT})
CACHED_PAGES = frozenset({"overview", "indicator", "compare", "sources", "data", "method",
                          "embed-indicator", "embed-compare"})
_PATHNAME = ("_pages_location", "pathname")

_UNCACHEABLE = "jjj_uncacheable"  # flask.g flag: this request's answer must not be kept
_LOOKUP = "jjj_response_lookup"  # flask.g: this request's lookup, done once (the admission gate asks first)


def mark_uncacheable() -> None:
    """This request's answer must not be kept (the database could not be read while rendering it)."""
    if has_request_context():
        setattr(g, _UNCACHEABLE, True)


def is_uncacheable() -> bool:
    """Whether something in this request marked its answer as not to be kept."""
    return has_request_context() and g.get(_UNCACHEABLE, False)


@dataclass(frozen=True)
class Stored:
    """A final answer as the view returned it (after compression): status, headers, body."""
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def size(self) -> int:
        # + ENTRY_OVERHEAD: the key (its host is at most a few hundred bytes) and Python's objects
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + ENTRY_OVERHEAD

    def response(self) -> Response:
        return Response(self.body, status=self.status, headers=list(self.headers))


class ResponseCache:
    """A thread-safe LRU of Stored answers holding at most `max_bytes` of them."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple, Stored] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = self.misses = self.evictions = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: tuple) -> Stored | None:
        with self._lock:
            stored = self._items.get(key)
            if stored is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return stored

    def put(self, key: tuple, stored: Stored) -> None:
        if stored.size > self.max_bytes:
            return  # would evict everything and still not fit
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self._items[key] = stored
            self.bytes += stored.size
            while self.bytes > self.max_bytes:
                _, evicted = self._items.popitem(last=False)
                self.bytes -= evicted.size
                self.evictions += 1


def size_from_env() -> int:
    """JJJ_RESPONSE_CACHE_MB in bytes (DEFAULT_MB when unset); 0 turns the cache off."""
    raw = os.environ.get(SIZE_ENV, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MB
    except ValueError:
        raise ValueError(f"{SIZE_ENV} must be a number of megabytes (0 turns the cache off), not {raw!r}") from None
    if not math.isfinite(megabytes) or megabytes < 0:
        raise ValueError(f"{SIZE_ENV} must be 0 or more, not {raw!r}")
    return int(megabytes * 1024 * 1024)


def register(server: Flask, max_bytes: int | None = None) -> ResponseCache | None:
    """Give `server` its cache (None when the size is 0: off); returns it (tests read it)."""
    size = size_from_env() if max_bytes is None else max_bytes
    cache = ResponseCache(size) if size > 0 else None
    server.extensions[EXTENSION] = cache
    return cache


@dataclass(frozen=True)
class Lookup:
    key: tuple | None = None  # None: this request's answer is not kept
    token: str | None = None
    hit: Stored | None = None


_NOT_CACHED = Lookup()


def _page_name(body: dict) -> str | None:
    """The registered page the body's pathname addresses, or None."""
    inputs = body.get("inputs")
    for item in inputs if isinstance(inputs, list) else ():  # a malformed body: callback_guard answers it
        if isinstance(item, dict) and (item.get("id"), item.get("property")) == _PATHNAME:
            path = item.get("value")
            if not isinstance(path, str):
                return None
            return urls.page_name_at(path)
    return None


def _cacheable_output(body) -> str | None:
    if not isinstance(body, dict):
        return None
    output = body.get("output")
    if not isinstance(output, str) or output not in CACHED_OUTPUTS:
        return None
    if output == PAGE_OUTPUT and _page_name(body) not in CACHED_PAGES:
        return None
    return output


def lookup() -> Lookup:
    """This callback request's key and, if kept, its stored answer (done once per request)."""
    found = g.get(_LOOKUP)
    if found is None:
        found = _lookup()
        setattr(g, _LOOKUP, found)
    return found


def _lookup() -> Lookup:
    cache: ResponseCache | None = current_app.extensions.get(EXTENSION)
    if cache is None:
        return _NOT_CACHED
    # this runs before the admission gate: a large body must cost nothing here (it is parsed, gated, later)
    if request.content_length is None or request.content_length > MAX_KEYED_BODY:
        return _NOT_CACHED
    output = _cacheable_output(request.get_json(silent=True))  # parsed once: Dash's dispatch reuses it
    if output is None:
        return _NOT_CACHED
    return _keyed(cache, output, hashlib.blake2b(request.get_data(), digest_size=16).digest())


def layout_lookup(address: tuple[str, str] | None) -> Lookup:
    """The first `_dash-layout` answer's key for the page at `address` (dashboard.first_layout), and its
    stored answer: the same page, header and title for every reader of that address and data version."""
    cache: ResponseCache | None = current_app.extensions.get(EXTENSION)
    if cache is None or address is None:
        return _NOT_CACHED
    pathname, search = address
    if urls.page_name_at(pathname) not in CACHED_PAGES:
        return _NOT_CACHED
    return _keyed(cache, LAYOUT_OUTPUT, (pathname, search))


def _keyed(cache: ResponseCache, output: str, request_part) -> Lookup:
    # the encoding as negotiated (each algorithm's quality), not the raw header: variants of one choice
    # share an entry, and a long header cannot swell the key
    accepted = tuple(request.accept_encodings.quality(name) for name in ENCODINGS)
    keyed = data_key(output, accepted, request_part)
    if keyed is None:
        return _NOT_CACHED
    key, token = keyed
    return Lookup(key, token, cache.get(key))


def data_key(*parts) -> tuple[tuple, str] | None:
    """(key, data token) for something this request renders from the data, the mount and the host the
    reader used and the day, besides `parts`; None when it must not be kept (an overlong Host, or data
    that cannot be read: the page will say so)."""
    if len(request.host_url) > MAX_HOST:
        return None
    try:
        token = data_token()  # a stat of the SQLite file once this process has read it
    except UNAVAILABLE:
        return None
    return (token, request.host_url, today(), *parts), token


def still_keepable(token: str) -> bool:
    """Whether what this request rendered under data token `token` may be kept: nothing marked it
    uncacheable and the data did not change meanwhile (the answer could mix both versions)."""
    if is_uncacheable():
        return False
    try:
        return data_token() == token
    except UNAVAILABLE:
        return False


def _compressor(server: Flask) -> Callable[[Response], Response]:
    """flask-compress's after_request (registered by dashboard.http_cache), or nothing to do."""
    for hook in server.after_request_funcs.get(None, ()):
        owner = getattr(hook, "__self__", None)
        if type(owner).__name__ == "Compress":
            return hook
    return lambda response: response


def render(found: Lookup, dispatch: Callable[[], Response]) -> Response:
    """Dispatch's answer; kept (compressed as this client asked) when `found` allows it and the answer
    is a 200 rendered from readable data that did not change meanwhile."""
    response = dispatch()
    cache: ResponseCache | None = current_app.extensions.get(EXTENSION)
    if (found.key is None or cache is None or not isinstance(response, Response) or response.status_code != 200
            or response.is_streamed or not still_keepable(found.token)):
        return response
    response = _compressor(current_app)(response)
    cache.put(found.key, Stored(response.status_code, tuple(response.headers.items()), response.get_data()))
    return response


__all__ = ["SIZE_ENV", "DEFAULT_MB", "MAX_HOST", "CACHED_OUTPUTS", "CACHED_PAGES", "ResponseCache", "Stored",
           "Lookup", "register", "lookup", "layout_lookup", "render", "mark_uncacheable", "is_uncacheable",
           "data_key", "still_keepable", "size_from_env"]
