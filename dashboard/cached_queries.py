"""The dashboard's reads, cached per data version: a rebuilt database gets new cache keys at once.

Each call costs one cheap read of the version; the query itself runs once per version and build. Results are
shared between requests, so callers must not modify them.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from db import queries
from db.export import iter_tidy_rows

from .db_access import cache_token, configured_url, get_engine


def _tidy_rows(conn) -> list[dict]:
    return list(iter_tidy_rows(conn))


_QUERIES = {
    "themes": queries.theme_list,
    "regions": queries.region_list,
    "indicators": queries.indicator_list,
    "progress": queries.progress_list,
    "level_points": queries.level_points,
    "indicator_statements": queries.indicator_statements,
    "conflicts": queries.conflict_list,
    "targets": queries.target_list,
    "documents": queries.document_list,
    "header": queries.header_facts,
    "tidy_rows": _tidy_rows,
    "runs": queries.run_list,
    "changes": queries.change_list,
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


_cache = _LRU(512)


def fetch(name: str, *args):
    """The result of query `name` for the live data, computed once per data version and build."""
    url = configured_url()
    with get_engine(url).connect() as conn:
        key = (url, cache_token(conn), name, args)
        hit, value = _cache.get(key)
        if not hit:
            value = _QUERIES[name](conn, *args)
            _cache.put(key, value)
    return value


def by_id(name: str) -> dict[str, dict]:
    """A lookup table (themes, regions, indicators) keyed by id."""
    return {row["id"]: row for row in fetch(name)}
