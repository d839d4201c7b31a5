"""The dashboard's and the API's reads, cached per data version: a rebuilt database gets new cache keys at once.

A hit on SQLite costs a stat of the file (db_access.quick_token), no connection; otherwise one read of the
version on the connection that then runs the query. The query itself runs once per version and build.
Results are shared between requests, so callers must not modify them.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from db import queries
from db.filters import vocabulary

from .db_access import configured_url, quick_token, versioned_connection


def _tidy_page(conn, limit: int, indicator=None, region=None, theme=None, kind=None, source=None):
    return queries.tidy_page(conn, limit, indicator=indicator, region=region, theme=theme, kind=kind, source=source)


_QUERIES = {
    "themes": queries.theme_list,
    "regions": queries.region_list,
    "indicators": queries.indicator_list,
    "progress": queries.progress_list,
    "level_points": queries.level_points,
    "series_years": queries.series_years,
    "indicator_statements": queries.indicator_statements,
    "conflicts": queries.conflict_list,
    "targets": queries.target_list,
    "documents": queries.document_list,
    "header": queries.header_facts,
    "tidy_page": _tidy_page,
    "runs": queries.run_list,
    "changes": queries.change_list,
    "vocabulary": vocabulary,
    "meta": queries.meta,
}


class _LRU:
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
_cache = _LRU(CACHE_SIZE)


def fetch(name: str, *args):
    """The result of query `name` for the live data, computed once per data version and build."""
    return cached(name, _QUERIES[name], *args)


def cached(name: str, compute: Callable[..., Any], *args):
    """compute(conn, *args) for the live data, computed once per data version and build; `name` and the
    hashable `args` identify it, so one name must always go with one compute."""
    url = configured_url()
    token = quick_token(url)
    if token is not None:
        hit, value = _cache.get((url, token, name, args))
        if hit:
            return value
    with versioned_connection(url) as (conn, token):
        key = (url, token, name, args)
        hit, value = _cache.get(key)
        if not hit:
            value = compute(conn, *args)
            _cache.put(key, value)
    return value


def by_id(name: str) -> dict[str, dict]:
    """A lookup table (themes, regions, indicators) keyed by id."""
    return {row["id"]: row for row in fetch(name)}


def data_token() -> str:
    """The live data's version token (data version and build time): what cache keys and ETags are made of.
    On SQLite a stat of the file when this process has read that file before; else one small query."""
    url = configured_url()
    token = quick_token(url)
    if token is None:
        with versioned_connection(url) as (_conn, token):
            pass
    return token
