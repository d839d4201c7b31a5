"""The tables offered for download: columns, accepted filters, rows and primary key.

The download routes, the xlsx writer and the data package all read this one registry.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from sqlalchemy import Select
from sqlalchemy.engine import Connection

from .csv_encoding import Lookup, csv_batches, csv_byte_batches
from .export import (
    PROGRESS_COLUMNS,
    TARGET_COLUMNS,
    TIDY_COLUMNS,
    TIDY_LOOKUPS,
    iter_progress_rows,
    iter_target_rows,
    iter_tidy_rows,
    progress_query,
    target_query,
    tidy_query,
)


@dataclass(frozen=True)
class ExportTable:
    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    filters: tuple[str, ...]
    rows: Callable[..., Iterator[dict]]  # rows(conn, **filters)
    query: Callable[..., Select]  # query(**filters): the same rows as one select of `columns`, for the CSV encoders
    primary_key: tuple[str, ...] = ()
    ids_query: Callable[..., Select] | None = None  # the same rows with ids alone where `lookups` fill names in
    lookups: tuple[Lookup, ...] = ()

    def csv(self, conn: Connection, **filters) -> Iterator[str]:
        """The table as CSV text, streamed (db.csv_encoding.csv_stream)."""
        query, lookups = self._csv_source(conn, filters)
        return (text for _n, text in csv_batches(conn, query, self.columns, lookups=lookups))

    def csv_bytes(self, conn: Connection, **filters) -> Iterator[tuple[int, bytes]]:
        """The same CSV as UTF-8 bytes, with the number of rows in each chunk (db.csv_encoding.csv_byte_batches):
        what `jjj export` and the downloads write."""
        query, lookups = self._csv_source(conn, filters)
        return csv_byte_batches(conn, query, self.columns, lookups=lookups)

    def _csv_source(self, conn: Connection, filters: dict) -> tuple[Select, tuple[Lookup, ...]]:
        """On SQLite the ids and the lookups: a connection keeps reading the file it opened, even once a build
        is swapped in, so names read apart from the rows are of the same build. On PostgreSQL a swap renames
        schemas between two statements, so there the rows come with their names joined, in one statement."""
        if self.ids_query is not None and conn.dialect.name == "sqlite":
            return self.ids_query(**filters), self.lookups
        return self.query(**filters), ()


EXPORT_TABLES: dict[str, ExportTable] = {t.name: t for t in (
    ExportTable(
        "observations", "Observations, changes, derived values and targets",
        "Every statement of the catalog, one row each (the tidy columns of `jjj export`). No column set is "
        "unique: one document can state the same figure twice, and derived rows share their source's "
        "catalog_ref, so there is no primary key.",
        TIDY_COLUMNS, ("indicator", "region", "theme", "kind"), iter_tidy_rows, tidy_query,
        ids_query=partial(tidy_query, names=False), lookups=TIDY_LOOKUPS),
    ExportTable(
        "targets", "Targets",
        "Every target stated in the documents, with the indicator, region and source.",
        TARGET_COLUMNS, ("indicator", "region", "theme"), iter_target_rows, target_query, ("key",)),
    ExportTable(
        "progress", "Progress toward targets",
        "Baseline, current value, target, growth rates and status for each indicator and region, assessed "
        "as Eurostat, Statistics Canada and Open SDG do.",
        PROGRESS_COLUMNS, ("indicator", "region", "theme"), iter_progress_rows, progress_query,
        ("indicator_id", "region_id")),
)}


__all__ = ["ExportTable", "EXPORT_TABLES"]
