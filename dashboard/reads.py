"""The dashboard's reads of the live data: typed, keyword-only, each cached per data version
(dashboard/versioned_cache.py). Views, components and routes call these; db/queries.py holds the SQL.

Results are shared between requests: the records are frozen, and the lookups by id are read-only views.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sqlalchemy.engine import Connection

from db import queries, records
from db.filters import vocabulary as _vocabulary

from .versioned_cache import per_data_version


@per_data_version
def themes(conn: Connection) -> list[records.Theme]:
    """Themes in their display order."""
    return queries.theme_list(conn)


@per_data_version
def regions_by_id(conn: Connection) -> Mapping[str, records.Region]:
    return MappingProxyType({r.id: r for r in queries.region_list(conn)})


@per_data_version
def indicators(conn: Connection) -> list[records.Indicator]:
    """Indicators, ordered by id."""
    return queries.indicator_list(conn)


@per_data_version
def indicators_by_id(conn: Connection) -> Mapping[str, records.Indicator]:
    return MappingProxyType({i.id: i for i in queries.indicator_list(conn)})


@per_data_version
def progress(conn: Connection) -> list[records.ProgressRow]:
    """Every progress row, by indicator and region."""
    return queries.progress_list(conn)


@per_data_version
def level_points(conn: Connection, *, indicator_id: str | None = None,
                 region_id: str | None = None) -> list[records.SeriesPoint]:
    """One series' observed and derived levels with their sources, oldest first."""
    return queries.level_points(conn, indicator_id=indicator_id, region_id=region_id)


@per_data_version
def series_years(conn: Connection) -> dict[tuple[str, str], list[tuple[int, float]]]:
    """{(indicator, region): [(year, value), ...]}: one value a year for every series, as the build stored it."""
    return queries.series_years(conn)


@per_data_version
def statement_counts(conn: Connection, *, indicator_id: str) -> Mapping[str, int]:
    """{region: statements (observations and targets)} about the indicator, as the build counted them."""
    counts: dict[str, int] = {}
    for row in queries.series_documents(conn, indicator_id=indicator_id):
        counts[row.region_id] = counts.get(row.region_id, 0) + row.observations + row.targets
    return MappingProxyType(counts)


@per_data_version
def series_document_ids(conn: Connection, *, indicator_id: str, region_id: str) -> tuple[str, ...]:
    """The documents that state something about the indicator in the region (what a citation names)."""
    return tuple(row.document_id for row in queries.series_documents(conn, indicator_id=indicator_id)
                 if row.region_id == region_id)


@per_data_version
def indicator_targets(conn: Connection, *, indicator_id: str) -> list[records.Statement]:
    return queries.indicator_targets(conn, indicator_id=indicator_id)


@per_data_version
def newest_statements(conn: Connection, *, indicator_id: str, region_id: str, limit: int) -> list[records.Statement]:
    """The last `limit` statements about one indicator and region, in the evidence's order."""
    return queries.newest_statements(conn, indicator_id=indicator_id, region_id=region_id, limit=limit)


@per_data_version
def statements_by_key(conn: Connection, *, keys: tuple[str, ...]) -> Mapping[str, records.Statement]:
    return queries.statements_by_key(conn, keys=keys)


@per_data_version
def conflicts(conn: Connection, *, indicator_id: str | None = None) -> list[records.Conflict]:
    return queries.conflict_list(conn, indicator_id=indicator_id)


@per_data_version
def documents(conn: Connection) -> list[records.Document]:
    """Documents, newest first, with their counts of figures and targets."""
    return queries.document_list(conn)


@per_data_version
def documents_by_id(conn: Connection) -> Mapping[str, records.Document]:
    return MappingProxyType({d.id: d for d in queries.document_list(conn)})


@per_data_version
def header(conn: Connection) -> records.HeaderFacts:
    return queries.header_facts(conn)


@per_data_version
def meta(conn: Connection) -> Mapping[str, str]:
    """The build's key-value facts (data_version, built_at, pending_drafts, …)."""
    return MappingProxyType(queries.meta(conn))


@per_data_version
def tidy_page(conn: Connection, *, limit: int, indicator: str | None = None, region: str | None = None,
              theme: str | None = None, kind: str | None = None, source: str | None = None) -> tuple[list[dict], int]:
    """A page of tidy rows (plain rows, as the CSV has them) and how many match."""
    return queries.tidy_page(conn, limit=limit, indicator=indicator, region=region, theme=theme, kind=kind,
                             source=source)


@per_data_version
def runs(conn: Connection) -> list[records.Run]:
    return queries.run_list(conn)


@per_data_version
def changes(conn: Connection, *, run_id: int | None = None, limit: int | None = None,
            offset: int = 0) -> list[records.Change]:
    return queries.change_list(conn, run_id=run_id, limit=limit, offset=offset)


@per_data_version
def vocabulary(conn: Connection) -> dict[str, frozenset[str]]:
    """Every value each download and API filter accepts."""
    return _vocabulary(conn)


__all__ = ["themes", "regions_by_id", "indicators", "indicators_by_id", "progress", "level_points", "series_years",
           "statement_counts", "series_document_ids", "indicator_targets", "newest_statements", "statements_by_key",
           "conflicts", "documents", "documents_by_id", "header", "meta", "tidy_page", "runs",
           "changes", "vocabulary"]
