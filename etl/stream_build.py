"""The build, streamed: what `process` + `write_dataset` do, with external series rows going from their
CSV through the same checks and normalization into the database without being held in memory.

Hand-coded statements (a few hundred) are processed as before. External rows (the bulk) are read
per series, sorted by key and merged with the hand-coded and derived rows, so every observation is
written once, in key order, with its id, and hashed into the data version on the way (the same JSON
`content_version` hashes). What needs all rows is then asked of the database: conflicts only where
two sources cover one indicator and region, progress from the rows whose period stands for a year,
and the change log in SQL against the live tables.
"""
from __future__ import annotations

import dataclasses
import hashlib
import heapq
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from sqlalchemy import select

from db.bulk_write import BuildBeside
from db.changelog_sql import first_changes, write_change_log
from db.page_summaries import write_page_summaries
from db.schema import Observation
from db.write import _meta_rows, _run_row, now_iso

from .derive import derive_levels, find_conflicts
from .draft.pending import by_document
from .external_stream import ExternalTable, RowChecker, RowShape, check_tables, read_rows, sorted_rows
from .faults import BEFORE_WRITE, fault_point
from .live import is_live, take_stock
from .load import LoadError, load_catalog
from .progress import YEARLY_SPANS
from .progress_rows import progress_row
from .terminate import Terminated
from .transform import Dataset, build_rows, number_rows
from .validate import Catalog, CatalogInvalid, validate

OBS_COLUMNS = tuple(Observation.__table__.c.keys())
HASH_BATCH = 2000
CHANGE_SAMPLE = 30  # change entries kept for a printed summary (etl/report.py); the rest stay in `changes`


@dataclass
class LeanCatalog(Catalog):
    """A checked catalog whose external series were checked row by row but are not held."""

    external: list[ExternalTable] = field(default_factory=list)

    def external_rows(self) -> int:
        return sum(t.rows for t in self.external)


def check_lean(entry: Path, rows: bool = True) -> LeanCatalog:
    """Load and validate, external rows included unless `rows` is false (the build checks them as it
    writes them); raises CatalogInvalid with every problem. Writes nothing."""
    raw = load_catalog(entry)
    catalog = validate(raw)
    documents, tables, hashes = check_tables(catalog, raw, rows)
    fields_ = {f.name: getattr(catalog, f.name) for f in dataclasses.fields(Catalog)}
    fields_.update(documents=sorted(catalog.documents + documents, key=lambda d: d.id),
                   input_hashes={**catalog.input_hashes, **hashes})
    return LeanCatalog(**fields_, external=tables)


class VersionHash:
    """`content_version` fed table by table and row by row: the same bytes, never the whole list."""

    def __init__(self):
        self.digest = hashlib.sha256()

    def table(self, rows: list[dict]) -> None:
        self.digest.update(json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str).encode())

    def feed(self, text: str) -> None:
        self.digest.update(text.encode())

    def hexdigest(self, pending_drafts: dict | None = None) -> str:
        if pending_drafts:  # as content_version: a new draft is new content for the caches
            self.digest.update(json.dumps(pending_drafts, sort_keys=True, ensure_ascii=False).encode())
        return self.digest.hexdigest()[:16]


@dataclass
class BuildResult:
    """What the command line reports after a build (the counts, version and conflicts of a Dataset)."""

    data_version: str
    input_hashes: dict
    conflicts: list[dict]
    table_counts: dict[str, int]
    documents: list[dict] = field(default_factory=list)
    pending_drafts: dict = field(default_factory=dict)  # recorded in meta (db/write._meta_rows)
    changes: dict = field(default_factory=dict)
    change_sample: list[dict] = field(default_factory=list)  # this run's first change entries, for a summary

    def counts(self) -> dict[str, int]:
        return dict(self.table_counts)


def _row_json(row: dict) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)


def _observations(ds: Dataset, tables: list[ExternalTable], regions: set[str], version: VersionHash,
                  counter: list[int], errors: list) -> Iterator[tuple]:
    """Every observation as a table tuple, in key order with ids 1..n; each row's JSON goes into `version`."""
    hand = ((row["key"], row) for row in ds.observations)  # sorted by key
    external = chain.from_iterable(_table_items(t, regions, errors) for t in tables)
    pending: list[str] = []
    i = 0
    version.feed("[")
    for key, item in heapq.merge(hand, external, key=lambda kv: kv[0]):
        i += 1
        if type(item) is dict:
            item["id"] = i
            values, text = tuple(item.get(c) for c in OBS_COLUMNS), _row_json(item)
        else:
            shape, rest = item
            values, text = shape.make(i, key, *rest)
        pending.append(text)
        if len(pending) >= HASH_BATCH:
            version.feed(", ".join(pending) + ", ")
            pending.clear()
        yield values
    version.feed(", ".join(pending) + "]")
    counter.append(i)


def _table_items(table: ExternalTable, regions: set[str], errors: list) -> Iterator[tuple]:
    shape = RowShape(table, OBS_COLUMNS)
    for key, line, quote, region, period_text, value_text, period, normalized in sorted_rows(table, regions, errors):
        yield key, (shape, (region, period_text, period, normalized, value_text, quote, line))


def _levels_for_changes(ds: Dataset, tables: list[ExternalTable], regions: set[str]) -> list[dict]:
    """External levels at either end of a hand-coded change statement (what derive_levels needs)."""
    wanted = set()
    for row in ds.observations:
        if row["kind"] == "change":
            wanted |= {(row["indicator_id"], row["region_id"], row["period"]),
                       (row["indicator_id"], row["region_id"], row["base_period"])}
    out = []
    for table in tables:
        ind = table.series.indicator
        if not any(w[0] == ind for w in wanted):
            continue
        shape = RowShape(table, OBS_COLUMNS)
        prefix = f"{table.key_prefix}observed|{ind}|"
        for item in read_rows(table, RowChecker(table.series, regions, table.indicator_unit)):
            if len(item) > 2 and (ind, item[2], item[3]) in wanted:
                line, quote, region, period_text, value_text, period, normalized = item
                values, _ = shape.make(0, f"{prefix}{region}|{period_text}|", region, period_text, period,
                                       normalized, value_text, quote, line)
                out.append(dict(zip(OBS_COLUMNS, values)))
    return out


_CONFLICT_COLS = ("key", "indicator_id", "region_id", "kind", "period", "period_span", "year", "value", "value_low",
                  "value_high", "qualifier", "document_id", "value_as_written", "unit_as_written")
_PROGRESS_COLS = ("key", "indicator_id", "region_id", "kind", "period_span", "year", "value", "qualifier",
                  "document_id", "unit", "base_year", "change_basis", "change_direction")


def _db_rows(conn, cols, ind: str, reg: str, *conds) -> list[dict]:
    o = Observation
    q = select(*(o.__table__.c[c] for c in cols)).where(o.indicator_id == ind, o.region_id == reg, *conds)
    return [dict(r) for r in conn.execute(q).mappings()]


def _conflicts(conn, ds: Dataset, tables: list[ExternalTable]) -> list[dict]:
    """find_conflicts over the observed rows of each indicator and region that two sources cover
    (one series gives one value per region and period, so it cannot conflict with itself)."""
    sources: dict[tuple[str, str], int] = {}
    for t in tables:
        for reg in t.regions:
            sources[(t.series.indicator, reg)] = sources.get((t.series.indicator, reg), 0) + 1
    hand = {(r["indicator_id"], r["region_id"]) for r in ds.observations if r["kind"] == "observed"}
    pairs = sorted(hand | {p for p, n in sources.items() if n > 1})
    out = []
    for ind, reg in pairs:
        if (ind, reg) in sources:
            rows = _db_rows(conn, _CONFLICT_COLS, ind, reg, Observation.kind == "observed")
        else:
            rows = [r for r in ds.observations
                    if r["kind"] == "observed" and (r["indicator_id"], r["region_id"]) == (ind, reg)]
        out += find_conflicts(rows, "observed")
    return out + find_conflicts(ds.targets, "target")


def _progress(conn, ds: Dataset, tables: list[ExternalTable], doc_dates: dict[str, str]) -> list[dict]:
    """progress_row for every indicator and region, with external rows read only where a period stands for a year."""
    by_pair: dict[tuple[str, str], dict] = {}
    for r in ds.observations:
        by_pair.setdefault((r["indicator_id"], r["region_id"]), {"rows": [], "targets": []})["rows"].append(r)
    for t in ds.targets:
        by_pair.setdefault((t["indicator_id"], t["region_id"]), {"rows": [], "targets": []})["targets"].append(t)
    yearly = set()
    for t in tables:
        for reg in t.regions:
            by_pair.setdefault((t.series.indicator, reg), {"rows": [], "targets": []})
            if t.yearly:
                yearly.add((t.series.indicator, reg))
    indicators = {i["id"]: i for i in ds.indicators}
    out = []
    for (ind, reg), g in sorted(by_pair.items()):
        rows = g["rows"]
        if (ind, reg) in yearly:
            hand_keys = {r["key"] for r in rows}
            stored = _db_rows(conn, _PROGRESS_COLS, ind, reg, Observation.period_span.in_(YEARLY_SPANS),
                              Observation.kind == "observed")
            rows = rows + [r for r in stored if r["key"] not in hand_keys]
        out.append(progress_row(indicators[ind], reg, rows, g["targets"], doc_dates))
    return out


def build_streaming(entry: Path, url: str, message: str | Callable[[dict], str] = "build",
                    catalog: LeanCatalog | None = None, keep: int = 0, status: str = "ok", *,
                    started_at: str | None = None, on_phase: Callable[[str], None] = fault_point,
                    stock: tuple[dict | None, str] | None = None,
                    go_on: Callable[[BuildResult], bool] | None = None) -> tuple[BuildResult, dict | None]:
    """Check (unless given `catalog`), then write the new database beside the live one and swap it in.

    What `jjj refresh` adds (etl/refresh.py): `message` may be a function of the change summary (the run's
    row is written after the change log); `stock` is the live state it already took (take_stock); `go_on`
    hears the new database's version and counts before its run is recorded and it is swapped in, and may
    say no (nothing changed): the new file is then discarded and the run returned is None."""
    started = started_at or now_iso()
    catalog = catalog if isinstance(catalog, LeanCatalog) else check_lean(entry, rows=False)
    ds = build_rows(catalog)
    regions = {r.id for r in catalog.regions}
    doc_dates = {d["id"]: d["date"] for d in ds.documents}
    levels = _levels_for_changes(ds, catalog.external, regions)
    ds.observations += derive_levels(ds.observations + levels, doc_dates)
    ds.observations.sort(key=lambda r: r["key"])
    number_rows(ds.targets)
    for i, row in enumerate(ds.exclusions, 1):
        row["id"], row["key"] = i, f"{row['document_id']}|{i}"
    ds.pending_drafts = by_document(catalog.drafts)
    _live, note = stock or take_stock(url, with_snapshot=False)  # the change log is diffed in SQL
    fault_point(BEFORE_WRITE)
    try:
        return _write(url, ds, catalog, regions, doc_dates, started, message, note, keep, status, on_phase, go_on)
    except Terminated as exc:  # say whether it came before or after the swap: the caller reports it
        exc.swapped = is_live(url, ds.data_version, started)
        raise


def _write(url: str, ds: Dataset, catalog: LeanCatalog, regions: set[str], doc_dates: dict, started: str,
           message, note: str, keep: int, status: str, on_phase, go_on) -> tuple[BuildResult, dict | None]:
    version = VersionHash()
    with BuildBeside(url, keep=keep, on_phase=on_phase) as b:
        for name in ("themes", "regions", "documents", "indicators"):
            version.table(getattr(ds, name))
            b.insert(name, getattr(ds, name))
        counter: list[int] = []
        errors: list[LoadError] = []
        b.stream("observations", OBS_COLUMNS, _observations(ds, catalog.external, regions, version, counter, errors))
        if errors:  # the new database is discarded; every bad row is reported, series in catalog order
            order = {t.series.id: t.position for t in catalog.external}
            raise CatalogInvalid(sorted(errors, key=lambda e: order.get(e.field, 0)))
        version.table(ds.targets)
        b.insert("targets", ds.targets)
        ds.conflicts = number_rows(_conflicts(b.conn, ds, catalog.external))
        ds.progress = number_rows(_progress(b.conn, ds, catalog.external, doc_dates))
        for name in ("conflicts", "exclusions", "progress"):
            version.table(getattr(ds, name))
            b.insert(name, getattr(ds, name))
        write_page_summaries(b.conn)  # what the pages read, derived in SQL from the rows just written
        ds.data_version = version.hexdigest(ds.pending_drafts)
        ds.input_hashes = dict(sorted(catalog.input_hashes.items()))
        counts = {**ds.counts(), "observations": counter[0]}
        result = BuildResult(ds.data_version, ds.input_hashes, ds.conflicts, counts, ds.documents, ds.pending_drafts)
        if go_on is not None and not go_on(result):
            return result, None  # leaving the block discards the new file (schema); the live one stays
        run_id = len(b.previous_runs) + 1
        result.changes = write_change_log(b.conn, b.new, b.old, run_id, postgres=not b.sqlite)
        result.change_sample = first_changes(b.conn, b.new, run_id, CHANGE_SAMPLE)
        text = message(result.changes) if callable(message) else f"{message}; {note}" if note else message
        run = {**_run_row(result, started, text, status), "id": run_id}
        b.insert("meta", _meta_rows(result, run["finished_at"]))
        b.insert("etl_runs", [{**r, "id": i} for i, r in enumerate(b.previous_runs, 1)] + [run])
        b.finish(result)
    return result, {**run, "note": note}


__all__ = ["LeanCatalog", "check_lean", "build_streaming", "BuildResult"]
