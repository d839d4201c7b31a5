"""Bytes on the wire: compression, validators keyed on the data version, long-lived static files.

- Every text response is compressed: brotli where the browser asks for it, else gzip (flask-compress).
  A streamed CSV download is compressed here instead, chunk by chunk with a flush after each, so
  its header reaches the client at once and every batch of rows as soon as it is read (flask-compress
  would hold the bytes until its compressor's window filled). Error answers (the 8 KB not-found page)
  are compressed here too: flask-compress leaves every status but 2xx alone.
- The API (its OpenAPI description included), the downloads, the data package and the change feed
  carry a weak ETag made of the data's version token (data version and build time; a stat of the
  SQLite file when it is known, no query) and the address; If-None-Match with it is a 304 before
  any work is done. Weak, because the compressed and plain bodies differ in bytes but not in meaning.
- Static files whose address carries their version (Dash's fingerprinted component suites, assets
  with ?m=<mtime>, the Bootstrap CSS with ?v=<version>) are cacheable for a year, and each is
  compressed once per process and encoding, then served from memory: compressing the 1.2 MB plotly
  bundle and AG Grid anew on every page load cost about half a second each (bench/waterfall.py).
  Dash sends its component suites with no validator: they get a weak ETag of their content (hashed
  once per process and file; the files of installed packages do not change under it), so a
  revalidating browser gets a 304 instead of the whole script again.
"""
from __future__ import annotations

import gzip
import hashlib
import posixpath
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import wraps

import brotli
from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request
from flask_compress import Compress

from db.errors import UNAVAILABLE

from .urls import unmounted
from .versioned_cache import data_token

ONE_DAY = 24 * 3600
ONE_YEAR = 365 * ONE_DAY
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
COMPRESSED_TYPES = ("text/html", "text/css", "text/plain", "text/csv", "text/javascript", "application/javascript",
                    "application/json", "application/geo+json", "application/x-bibtex", "image/svg+xml",
                    "application/xml", "application/atom+xml", "image/x-icon")
MIN_COMPRESSED_BYTES = 500  # flask-compress's own threshold: below it the framing costs more than it saves
_VERSIONED_STATIC = ("/assets/", "/vendor/")  # served with ?m= or ?v= in every address the page writes
_COMPONENT_SUITES = "/_dash-component-suites/"  # files of installed packages: fixed while the process runs


def enable_compression(server: Flask, file_endpoints: tuple[str, ...] = (), prefix: str = "/") -> None:
    """Compress text responses. Call it before registering any after_request that reads a body (Flask
    runs those in reverse order, so compression comes last) and after the routes that send files
    exist: their endpoints, and `file_endpoints`, still answer If-None-Match with 304 when compressed.
    `prefix`: where the app's routes are mounted."""
    static = [name for name in server.view_functions if name == "static" or name.endswith(".static")]
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_ALGORITHM_STREAMING=["br", "gzip"],  # static files sent from disk
        COMPRESS_BR_LEVEL=5,  # level 11 costs ten times the CPU for a few per cent
        COMPRESS_STREAMS=True,
        COMPRESS_MIMETYPES=[*COMPRESSED_TYPES],
        COMPRESS_STREAMING_ENDPOINT_CONDITIONAL=[*static, *file_endpoints],
    )
    Compress(server)
    # these run before flask-compress (registered later), which then leaves their answers alone
    server.after_request(_compress_csv_stream)
    server.after_request(_compress_error_answer)
    server.after_request(StaticCompression(prefix))


def _stream_encoding() -> str | None:
    """br or gzip, whichever the client accepts (br first); None for neither."""
    accepted = request.accept_encodings
    return next((name for name in ("br", "gzip") if accepted[name] > 0), None)


def _flushing_compressor(encoding: str) -> tuple[Callable[[bytes], bytes], Callable[[], bytes]]:
    """(compress-and-flush one chunk, finish) for `encoding`."""
    if encoding == "br":
        packer = brotli.Compressor(quality=5)
        return lambda data: packer.process(data) + packer.flush(), packer.finish
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)  # | 16: the gzip container
    return lambda data: packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH), packer.flush


def compressed_chunks(chunks: Iterable[bytes | str], encoding: str) -> Iterator[bytes]:
    """`chunks` compressed one by one, each flushed so the client can decode it at once."""
    compress, finish = _flushing_compressor(encoding)
    try:
        for chunk in chunks:
            data = compress(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            if data:
                yield data
        yield finish()
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:  # a reader that stopped early: the download's stream releases its connection
            close()


def _compress_csv_stream(response: Response) -> Response:
    if not (response.is_streamed and response.mimetype == "text/csv" and response.status_code == 200):
        return response
    encoding = _stream_encoding()
    if encoding is None or "Content-Encoding" in response.headers:
        return response
    response.response = compressed_chunks(response.response, encoding)
    response.headers["Content-Encoding"] = encoding
    response.headers.pop("Content-Length", None)
    return response


class StaticCompression:
    """An after_request hook: a fixed static file's compressed bytes, made once per address and encoding.

    Only files that cannot change under the running process are kept: an installed package's component
    suites and the assets and vendor files whose address carries their version; at most a few dozen
    files (about 1 MB per encoding for a page's scripts), kept by file: any version in the address or
    query string names the same file, so made-up addresses cannot grow the map (and MAX_FILES bounds it)."""

    MAX_FILES = 256

    def __init__(self, prefix: str = "/") -> None:
        self.prefix = prefix
        self.bodies: dict[tuple[str, str], bytes] = {}

    def is_fixed(self, path: str) -> bool:
        path = unmounted(path, self.prefix)
        return path.startswith(_COMPONENT_SUITES) or (
            path.startswith(_VERSIONED_STATIC) and ("m" in request.args or "v" in request.args))

    def key(self, response: Response, encoding: str) -> tuple | None:
        """What names this file's bytes: a component suite by its file (an installed package does not
        change under the process), any other file by send_file's own strong ETag (its mtime, size and
        path), so an edited asset is compressed afresh. None (compressed but not kept) for an address
        that is not in its normal form (`x/../`: a made-up name for a file kept already)."""
        path = request.path
        if posixpath.normpath(path) != path.rstrip("/") or "//" in path:
            return None
        if unmounted(path, self.prefix).startswith(_COMPONENT_SUITES):
            return check_fingerprint(path)[0], encoding
        etag, weak = response.get_etag()
        return (etag, encoding) if etag and not weak else None

    def __call__(self, response: Response) -> Response:
        if (response.status_code != 200 or response.mimetype not in COMPRESSED_TYPES
                or "Content-Encoding" in response.headers or not self.is_fixed(request.path)):
            return response
        encoding = _stream_encoding()
        if encoding is None:
            return response
        key = self.key(response, encoding)
        body = self.bodies.get(key) if key else None
        original = response.response
        if body is None:
            response.direct_passthrough = False  # a file sent from disk: read it here, once
            compress, finish = _flushing_compressor(encoding)
            body = compress(response.get_data()) + finish()
            if key and len(self.bodies) < self.MAX_FILES:
                self.bodies[key] = body
        if hasattr(original, "close"):
            original.close()  # send_file's open file, replaced by the kept bytes
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        etag, weak = response.get_etag()
        if etag and not weak:  # a strong validator names one representation: the encoding is part of it
            response.set_etag(f"{etag}:{encoding}")
        response.make_conditional(request)
        return response


def _compress_error_answer(response: Response) -> Response:
    """A 4xx/5xx text answer compressed whole, as flask-compress does for 2xx (it never touches the rest)."""
    if (response.status_code < 400 or response.is_streamed or response.direct_passthrough
            or "Content-Encoding" in response.headers or response.mimetype not in COMPRESSED_TYPES):
        return response
    body = response.get_data()
    encoding = _stream_encoding()
    if encoding is None or len(body) < MIN_COMPRESSED_BYTES:
        return response
    response.set_data(brotli.compress(body, quality=5) if encoding == "br" else gzip.compress(body, 6))
    response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    return response


def etag_for(token: str, address: str) -> str:
    return hashlib.sha256(f"{token}\n{address}".encode()).hexdigest()[:32]


def versioned(view):
    """A weak ETag on the data version and the address; If-None-Match with it answers 304 at once."""
    @wraps(view)
    def with_etag(*args, **kwargs):
        try:
            token = data_token()
        except UNAVAILABLE:  # no database: the view answers as it does without one
            return view(*args, **kwargs)
        tag = etag_for(token, request.full_path)
        if request.if_none_match.contains_weak(tag):  # If-None-Match compares weakly (RFC 9110)
            response = Response(status=304)
        else:
            response = view(*args, **kwargs)
            if not isinstance(response, Response) or response.status_code != 200:
                return response
        response.set_etag(tag, weak=True)
        response.headers["Cache-Control"] = "no-cache"  # a rebuild changes the data behind the same URL
        return response
    return with_etag


def register_static_lifetimes(server: Flask, prefix: str = "/") -> None:
    """Versioned static files cacheable for a year; component suites validated by a tag of their content.
    Register it after compression (these run before it: the tag is the plain body's)."""
    suite_tags: dict[str, str] = {}  # file → tag: one per file Dash serves, however many fingerprints name it

    @server.after_request
    def _component_suite_tag(response: Response) -> Response:
        if (response.status_code != 200 or response.is_streamed or response.direct_passthrough
                or response.get_etag()[0] is not None
                or not unmounted(request.path, prefix).startswith(_COMPONENT_SUITES)):
            return response
        file, _fingerprinted = check_fingerprint(request.path)  # any version in the address names the same file
        tag = suite_tags.get(file)
        if tag is None:
            tag = suite_tags[file] = hashlib.sha256(response.get_data()).hexdigest()[:32]
        response.set_etag(tag, weak=True)
        return response.make_conditional(request)

    @server.after_request
    def _static_lifetime(response: Response) -> Response:
        path = unmounted(request.path, prefix)
        if (response.status_code in (200, 304) and path.startswith(_VERSIONED_STATIC)
                and ("m" in request.args or "v" in request.args)):
            response.headers["Cache-Control"] = IMMUTABLE
        return response
