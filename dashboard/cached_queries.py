"""The dashboard's reads, cached per data version: a rebuilt database gets new cache keys at once.

Each call costs one cheap read of the version; the query itself runs once per version. Results are
shared between requests, so callers must not modify them.
"""
from __future__ import annotations

from functools import lru_cache

from db import queries
from db.export import iter_tidy_rows

from .db_access import configured_url, data_version, get_engine


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
}


@lru_cache(maxsize=512)
def _cached(url: str, version: str, name: str, args: tuple):
    with get_engine(url).connect() as conn:
        return _QUERIES[name](conn, *args)


def fetch(name: str, *args):
    """The result of query `name` for the live data version."""
    url = configured_url()
    return _cached(url, data_version(get_engine(url)), name, args)


def by_id(name: str) -> dict[str, dict]:
    """A lookup table (themes, regions, indicators) keyed by id."""
    return {row["id"]: row for row in fetch(name)}
