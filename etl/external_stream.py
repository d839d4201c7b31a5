"""External series read as streams: checked row by row, never held as statement objects.

The same rules as `external.parse_rows` (a numeric value, a period in catalog syntax and not 'doc',
a known region, a unit that normalizes to the indicator's, one row per region and period), with
what is the same for every row worked out once per series: the unit's factor and canonical unit,
and each distinct period. A series' rows are sorted by key in memory (bounded by the largest
series file, not by the data), so the build can write every observation in key order.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from json.encoder import encode_basestring
from pathlib import Path

from .external import (
    NUMBER,
    ExternalSeries,
    SeriesRow,
    _document,
    _series_data,
    _statement,
    load_series,
    series_reference_problem,
)
from .load import LoadError, Origin, RawCatalog, clip
from .normalize import NON_NEGATIVE_UNITS, UNIT_FACTORS, NormalizationError, canonical_unit, normalize, split_unit
from .periods import Period, parse_period
from .progress import YEARLY_SPANS
from .schema import DocumentMeta
from .transform import statement_row
from .validate import Catalog, CatalogInvalid


@dataclass
class ExternalTable:
    """One checked external series: where its rows are, and what the build needs to know without them."""

    series: ExternalSeries
    rel: str  # the path catalog_ref names
    path: Path  # the file read
    document: DocumentMeta
    indicator_unit: str
    rows: int = 0
    regions: set = field(default_factory=set)
    yearly: bool = False  # a row whose period stands for a year (progress reads those)
    position: int = 0  # in the catalog's declaration order, for reporting errors in that order

    @property
    def key_prefix(self) -> str:
        return f"{self.series.document_id}|"


class RowChecker:
    """The per-row rules of one series, with per-series work done once."""

    def __init__(self, series: ExternalSeries, regions: set[str], indicator_unit: str):
        self.series, self.regions, self.indicator_unit = series, regions, indicator_unit
        self.periods: dict[str, Period | str] = {}
        try:  # the unit is the same for every row: normalize it once (a sample value; only the unit can fail)
            factor, base = split_unit(series.unit)
            self.unit = canonical_unit(base, indicator_unit)
            if self.unit != indicator_unit:
                normalize("1", series.unit, indicator_unit)  # raises with the usual message
            self.factor, self.unit_error = factor * UNIT_FACTORS.get(base, Decimal(1)), None
        except NormalizationError as exc:
            self.factor, self.unit_error = Decimal(1), str(exc)

    def period(self, text: str) -> Period | str:
        """The parsed period, or the error message."""
        got = self.periods.get(text)
        if got is None:
            try:
                if text == "doc":
                    raise ValueError("an external row needs its own period, not 'doc'")
                got = parse_period(text)
            except ValueError as exc:
                got = str(exc)
            self.periods[text] = got
        return got

    def value(self, text: str) -> tuple[float, float, float] | str:
        """(value, low, high) as `normalize` gives them for a plain number, or the error message."""
        if self.unit_error:
            return self.unit_error
        try:
            low = Decimal(text) * self.factor
            if len(text) <= 12:  # (low + high) / 2 is exact in Decimal's 28 digits: it is low itself
                value = float(low)
                out = (value, value, value)
            else:
                out = (float((low + low) / 2), float(low), float(low))
        except InvalidOperation:
            return f"cannot read {text!r} as a number"
        except ArithmeticError:  # decimal.Overflow, as normalize reports it
            return self._too_large(text)
        if not all(math.isfinite(x) for x in out):
            return self._too_large(text)
        if self.unit in NON_NEGATIVE_UNITS and low < 0:
            return f"{clip(text)!r}: a level in {self.unit} cannot be negative (only a change statement may be)"
        return out


    def _too_large(self, text: str) -> str:
        return f"{clip(text)!r} {self.series.unit} is too large to store (not a finite number)"


class _Lines:
    """A file's lines for csv.reader, remembering the last one read: a row's quote is its CSV line."""

    def __init__(self, fh):
        self.fh, self.last = fh, ""

    def __iter__(self):
        for line in self.fh:
            self.last = line.rstrip("\r\n")
            yield line


def read_rows(table: ExternalTable, checker: RowChecker) -> Iterator[tuple]:
    """(line, quote, region, period text, value text, Period, (value, low, high)) of good rows, and
    (line, message) of bad ones, in file order."""
    series = table.series
    with open(table.path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        lines = _Lines(fh)
        reader = csv.reader(lines)
        header = next(reader, [])
        wanted = [c for c in (series.columns.period, series.columns.value, series.columns.region) if c]
        missing = [c for c in wanted if c not in header]
        if missing:
            yield 1, f"column(s) {', '.join(missing)} not in the header {header}"
            return
        i_period, i_value = header.index(series.columns.period), header.index(series.columns.value)
        i_region = header.index(series.columns.region) if series.columns.region else None
        seen: dict[tuple[str, str], int] = {}
        n = len(header)
        any_row = False
        for record in reader:
            if not record:
                continue  # DictReader skips empty lines too
            any_row = True
            line = reader.line_num
            record += [""] * (n - len(record))
            region_text = record[i_region].strip() if i_region is not None else ""
            region = series.regions.get(region_text, region_text) if region_text else series.region
            period_text = record[i_period].strip()
            value_text = record[i_value].strip().replace(",", "")
            problems = []
            if not NUMBER.fullmatch(value_text):
                problems.append(f"value {value_text!r} is not a number")
            if region not in checker.regions:
                problems.append(f"unknown region {region!r}")
            period = checker.period(period_text)
            if isinstance(period, str):
                problems.append(period)
            normalized = None
            if not problems:
                normalized = checker.value(value_text)
                if isinstance(normalized, str):
                    problems.append(normalized)
            if (region, period_text) in seen:
                problems.append(f"{region} {period_text} already given on line {seen[(region, period_text)]}")
            seen.setdefault((region, period_text), line)
            if problems:
                for p in problems:
                    yield line, p
            else:
                yield line, lines.last, region, period_text, value_text, period, normalized
        if not any_row:
            yield 1, "the table has no rows"


def check_tables(catalog: Catalog, raw: RawCatalog, rows: bool = True
                 ) -> tuple[list[DocumentMeta], list[ExternalTable], dict]:
    """Every declared series checked (row by row unless `rows` is false: the build checks rows as it
    writes them), nothing kept: their documents, tables and input hashes.
    Raises CatalogInvalid with every problem, as `external.with_external_series` does."""
    if not raw.external:
        return [], [], {}
    series_list, errors = load_series(raw)
    regions = {r.id for r in catalog.regions}
    units = {i.id: i.unit for i in catalog.indicators}
    taken = {d.id for d in catalog.documents} | {d.file for d in catalog.documents}
    documents, tables, hashes = [], [], {}
    for series, record in series_list:
        problem = series_reference_problem(series, record, units)
        if problem is not None:
            errors.append(problem)
            continue
        located = _locate(series, raw.root)
        if located is None:
            errors.append(LoadError(record.origin_of("source"), "source",
                                    f"{series.source} has not been fetched yet: run `jjj refresh`"))
            continue
        rel, path, sidecar = located
        sha = _sha256(path)
        file = series.source if series.source not in taken else f"{series.source}#{series.id}"
        table = ExternalTable(series, rel, path, _document(series, sha, sidecar, file), units[series.indicator])
        table.position = len(tables)
        if rows:
            for _item in sorted_rows(table, regions, errors):
                pass
        if series.document_id in taken:
            errors.append(LoadError(record.origin_of("id"), "id", f"document id {series.document_id!r} is taken"))
            continue
        taken |= {series.document_id, file}
        documents.append(table.document)
        tables.append(table)
        hashes[rel] = sha
    if errors:
        raise CatalogInvalid(errors)
    return documents, sorted(tables, key=lambda t: t.key_prefix), hashes


def _locate(series: ExternalSeries, root: Path) -> tuple[str, Path, dict] | None:
    """(rel path, file, sidecar) as `_series_data` finds them, without reading the file."""
    from .external import cache_paths, read_sidecar
    csv_path, meta_path = cache_paths(root, series.id)
    if csv_path.exists():
        return str(csv_path.relative_to(root)), csv_path, read_sidecar(meta_path)
    if not series.is_url() and (root / series.source).exists():
        found = _series_data(series, root)  # the local file's date, as the old path gives it
        return series.source, root / series.source, found[2]
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --- rows for the database, in key order ----------------------------------------------------------------

VARYING = ("id", "key", "region_id", "period", "period_start", "period_end", "year", "period_span", "value",
           "value_low", "value_high", "value_as_written", "quote", "catalog_ref")  # make() fills them in this order


class RowShape:
    """An external row as the table's tuple and as the JSON `content_version` hashes, per series.

    Every column but VARYING is the same for all rows of a series: one real row (made by the
    statement path, so the two cannot drift apart) gives the constants and the JSON template."""

    def __init__(self, table: ExternalTable, columns: tuple[str, ...]):
        sample = SeriesRow(1, "sample,1", table.series.region or "r", "2000", "1")
        row = statement_row(_statement(table.series, sample, table.indicator_unit, Origin(table.rel, 1)))
        row["id"] = 0
        marked = {**row, **{name: f"@@{name}@@" for name in VARYING}}
        text = json.dumps(marked, sort_keys=True, ensure_ascii=False, default=str).replace("%", "%%")
        for name in VARYING:
            text = text.replace(f'"@@{name}@@"', "%s")
        self.template = text  # placeholders in the names' sorted order (sort_keys): see make()
        assert tuple(sorted(VARYING)) == _JSON_ORDER
        self.slots = [columns.index(name) for name in VARYING]
        self.base = [row.get(c) for c in columns]
        self.ref = f"{table.rel}:"

    def make(self, i: int, key: str, region: str, period_text: str, period: Period, normalized, value_text: str,
             quote: str, line: int) -> tuple[tuple, str]:
        value, low, high = normalized
        ref = self.ref + str(line)
        out = self.base.copy()
        for slot, v in zip(self.slots, (i, key, region, period_text, period.start, period.end, period.year,
                                        period.span, value, low, high, value_text, quote, ref)):
            out[slot] = v
        enc, num = encode_basestring, float.__repr__
        return tuple(out), self.template % (
            enc(ref), i, enc(key), enc(period_text), enc(period.end), enc(period.span), enc(period.start),
            enc(quote), enc(region), num(value), enc(value_text), num(high), num(low), period.year)


_JSON_ORDER = ("catalog_ref", "id", "key", "period", "period_end", "period_span", "period_start", "quote",
               "region_id", "value", "value_as_written", "value_high", "value_low", "year")


def sorted_rows(table: ExternalTable, regions: set[str], errors: list[LoadError]) -> list[tuple]:
    """The series' good rows as (key, line, quote, region, period text, value text, Period, normalized),
    sorted by key; bad rows go to `errors`. Counts the table's rows, regions and yearly periods."""
    checker = RowChecker(table.series, regions, table.indicator_unit)
    prefix = f"{table.key_prefix}observed|{table.series.indicator}|"
    out = []
    table.rows, table.regions, table.yearly = 0, set(), False
    spans = set()
    for item in read_rows(table, checker):
        if len(item) == 2:
            errors.append(LoadError(Origin(table.rel, item[0]), table.series.id, item[1]))
            continue
        line, quote, region, period_text, value_text, period, normalized = item
        out.append((f"{prefix}{region}|{period_text}|", line, quote, region, period_text, value_text, period,
                    normalized))
    for row in out:
        table.regions.add(row[3])
    spans = {p.span for p in checker.periods.values() if not isinstance(p, str)}
    table.rows, table.yearly = len(out), bool(spans & set(YEARLY_SPANS))
    out.sort(key=lambda r: r[0])
    return out
