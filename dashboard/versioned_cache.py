"""Reads cached per data version: `@per_data_version` on a function `fn(conn, **filters)` gives a
function `read(**filters)` of the live data, computed once per data version and build, so a rebuilt
database gets new cache keys at once.

The key is the function, its keyword arguments, the database URL and the data token (data version and
build time). A hit on SQLite costs a stat of the file (quick_token), no connection; otherwise the token
is read on the connection that then runs the function. Results are shared between requests, so callers
must not modify them (the records of db/records.py are frozen).

A build swaps a new file in by rename and never writes the live file in place, so while the file's
identity (device, inode, mtime, size) is the one this process last read the token from, the token is
known without opening it. PostgreSQL swaps schemas inside the server, which no stat can see, so there
every read still asks the server.
"""
from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Connection

from db.engine import is_sqlite, sqlite_path
from db.schema import Meta

from .db_access import configured_url, get_engine

T = TypeVar("T")

_file_tokens: dict[str, tuple[tuple, str]] = {}  # SQLite url -> (file identity, cache_token read from it)


def cache_token(conn: Connection) -> str:
    """What a cached read is keyed on: the content version and the build time (a rebuild with
    the same content still adds a run and a new "built at"). Read on the connection that
    then runs the query, so a swap in between cannot file new data under an old key."""
    facts = dict(conn.execute(select(Meta.key, Meta.value).where(Meta.key.in_(("data_version", "built_at")))).all())
    return f"{facts.get('data_version', '')}@{facts.get('built_at', '')}"


def _file_identity(url: str) -> tuple | None:
    """What changes whenever another file is swapped in at the SQLite path; None for PostgreSQL or no file."""
    if not is_sqlite(url):
        return None
    try:
        st = os.stat(sqlite_path(url))
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


def quick_token(url: str) -> str | None:
    """The cache_token of the live SQLite file without opening it, if this process has read it from
    that very file; None when it must be read (a new file, no file yet, or PostgreSQL)."""
    known = _file_tokens.get(url)
    if known is None:
        return None
    identity, token = known
    return token if _file_identity(url) == identity else None


@contextmanager
def versioned_connection(url: str | None = None) -> Iterator[tuple[Connection, str]]:
    """A read connection and the cache_token of the data it reads. On SQLite the token is remembered
    for quick_token only if the file was the same one before the connection opened and after the
    token was read, so it belongs to that file."""
    url = url or configured_url()
    before = _file_identity(url)
    with get_engine(url).connect() as conn:
        token = cache_token(conn)
        if before is not None and _file_identity(url) == before:
            _file_tokens[url] = (before, token)
        yield conn, token


class LRU:
    """A small thread-safe LRU map (functools.lru_cache cannot key on a value read inside the call)."""

    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return True, self.items[key]
        return False, None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


# A full crawl fills about 560 keys from the dashboard's views and 400 from the API (bench/cache_hits.py;
# 1 MB of JSON): room for two data versions' crawls, as during a swap, so a crawl never evicts its own start.
CACHE_SIZE = 2048
_cache = LRU(CACHE_SIZE)


def per_data_version(compute: Callable[..., T]) -> Callable[..., T]:
    """compute(conn, **kwargs) as read(**kwargs) on the live data, computed once per data version and
    build. Keyword arguments only (their values hashable): they are part of the cache key, in any order."""
    @functools.wraps(compute)
    def read(**kwargs: Any) -> T:
        args = tuple(sorted(kwargs.items()))
        url = configured_url()
        token = quick_token(url)
        if token is not None:
            hit, value = _cache.get((url, token, compute, args))
            if hit:
                return value
        with versioned_connection(url) as (conn, token):
            key = (url, token, compute, args)
            hit, value = _cache.get(key)
            if not hit:
                value = compute(conn, **kwargs)
                _cache.put(key, value)
        return value
    read.uncached = compute  # type: ignore[attr-defined]  # the same read on a connection of one's own
    return read


def data_token() -> str:
    """The live data's version token (data version and build time): what cache keys and ETags are made of.
    On SQLite a stat of the file when this process has read that file before; else one small query."""
    url = configured_url()
    token = quick_token(url)
    if token is None:
        with versioned_connection(url) as (_conn, token):
            pass
    return token


def clear() -> None:
    """Forget every cached value (benchmarks measure the uncached cost with it)."""
    with _cache.lock:
        _cache.items.clear()


__all__ = ["per_data_version", "data_token", "quick_token", "versioned_connection", "cache_token", "CACHE_SIZE", "LRU",
           "clear"]
