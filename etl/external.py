"""External series: observations read from a CSV table (a file or an http(s) URL) the catalog declares.

    # catalog/external/<name>.yaml, included from indicators.yaml as `include: {external: ...}`
    series:
      - id: tianjin-port-teu-monthly          # slug; the cache is data/external/<id>.csv
        indicator: container-throughput
        region: tianjin-port                  # default region; or map a column (columns.region)
        source: https://stats.example.cn/port.csv   # or a path relative to the catalog root
        title: 天津港集装箱吞吐量
        publisher: 天津市统计局
        columns: {period: 月份, value: 吞吐量}      # CSV header names
        unit: 万标准箱                           # as written; normalized like a coded statement
        qualifier: exact

`jjj refresh` fetches each source into the cache (etl/fetch.py); the build reads only the cache
(or, before any fetch, a local source file). Rows are checked like hand-coded statements: a numeric
value, a period in catalog syntax, a known region, a unit that normalizes to the indicator's.
Provenance: the row's "document" is the source (URL, fetched-at, sha256), its "quote" the CSV line.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import Field, ValidationError

import paths

from .load import LoadError, Origin, RawCatalog, RawRecord
from .normalize import NormalizationError, normalize
from .periods import parse_period
from .schema import SLUG, DocumentMeta, Qualifier, Statement, Strict
from .validate import Catalog, CatalogInvalid, CheckedStatement

NUMBER = re.compile(r"-?\d+(\.\d+)?")


class Columns(Strict):
    period: str
    value: str
    region: str | None = None


class ExternalSeries(Strict):
    id: str = Field(pattern=SLUG, max_length=60)
    indicator: str
    region: str | None = None
    source: str = Field(min_length=1)
    title: str = Field(min_length=1)
    title_en: str = ""
    publisher: str = Field(min_length=1)
    publisher_en: str = ""
    columns: Columns
    regions: dict[str, str] = Field(default_factory=dict)  # value of the region column → region id
    unit: str = ""
    qualifier: Qualifier = "exact"

    @property
    def document_id(self) -> str:
        return f"external-{self.id}"

    def is_url(self) -> bool:
        return self.source.startswith(("http://", "https://"))


@dataclass(frozen=True)
class SeriesRow:
    line: int
    text: str  # the CSV line as written: the row's "quote"
    region: str
    period: str
    value: str


def external_dir(root: Path) -> Path:
    return paths.external_dir(root)


def cache_paths(root: Path, series_id: str) -> tuple[Path, Path]:
    """The last good copy of a series and its sidecar (headers, sha256, fetched-at)."""
    base = external_dir(root)
    return base / f"{series_id}.csv", base / f"{series_id}.json"


def parse_rows(series: ExternalSeries, text: str, regions: set[str],
               indicator_unit: str | None) -> tuple[list[SeriesRow], list[tuple[int, str]]]:
    """The CSV's rows, checked; errors are (line, message). Pure."""
    lines = text.splitlines()
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    wanted = [c for c in (series.columns.period, series.columns.value, series.columns.region) if c]
    missing = [c for c in wanted if c not in header]
    if missing:
        return [], [(1, f"column(s) {', '.join(missing)} not in the header {header}")]
    rows, errors, seen = [], [], {}
    for record in reader:
        line = reader.line_num
        region_text = (record.get(series.columns.region) or "").strip() if series.columns.region else ""
        region = series.regions.get(region_text, region_text) if region_text else series.region
        period = (record.get(series.columns.period) or "").strip()
        value = (record.get(series.columns.value) or "").strip().replace(",", "")
        problems = []
        if not NUMBER.fullmatch(value):
            problems.append(f"value {value!r} is not a number")
        if region not in regions:
            problems.append(f"unknown region {region!r}")
        try:
            if period == "doc":
                raise ValueError("an external row needs its own period, not 'doc'")
            parse_period(period)
        except ValueError as exc:
            problems.append(str(exc))
        if not problems and indicator_unit is not None:
            try:
                normalize(value, series.unit, indicator_unit)
            except NormalizationError as exc:
                problems.append(str(exc))
        if (region, period) in seen:
            problems.append(f"{region} {period} already given on line {seen[(region, period)]}")
        seen.setdefault((region, period), line)
        errors += [(line, p) for p in problems]
        if not problems:
            rows.append(SeriesRow(line, lines[line - 1] if line <= len(lines) else "", region, period, value))
    if not rows and not errors:
        errors.append((1, "the table has no rows"))
    return rows, errors


def read_sidecar(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _series_data(series: ExternalSeries, root: Path) -> tuple[str, bytes, dict] | None:
    """(rel path, bytes, sidecar) of the cached copy, else of a local source; None: nothing fetched yet."""
    csv_path, meta_path = cache_paths(root, series.id)
    if csv_path.exists():
        return str(csv_path.relative_to(root)), csv_path.read_bytes(), read_sidecar(meta_path)
    if not series.is_url():
        path = root / series.source
        if path.exists():
            mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            return series.source, path.read_bytes(), {"fetched_at": mtime.isoformat(timespec="seconds")}
    return None


def _document(series: ExternalSeries, sha: str, sidecar: dict, file: str) -> DocumentMeta:
    fetched_at = sidecar.get("fetched_at") or "1970-01-01T00:00:00+00:00"
    return DocumentMeta(
        id=series.document_id, file=file, title=series.title, title_en=series.title_en or series.title,
        author=series.publisher, author_en=series.publisher_en or series.publisher, kind="external series",
        date=fetched_at[:10], date_precision="day",
        date_evidence=f"Fetched from {series.source} at {fetched_at}; sha256 {sha}.", sha256=sha)


def _statement(series: ExternalSeries, row: SeriesRow, indicator_unit: str, origin: Origin) -> CheckedStatement:
    st = Statement(indicator=series.indicator, region=row.region, kind="observed", period=row.period,
                   value=row.value, unit=series.unit, qualifier=series.qualifier, quote=row.text,
                   note=f"Row of the external table {series.source}")
    key = "|".join([series.document_id, "observed", series.indicator, row.region, row.period, ""])
    return CheckedStatement(st, series.document_id, origin, normalize(row.value, series.unit, indicator_unit),
                            parse_period(row.period), None, key)


def load_series(raw: RawCatalog) -> tuple[list[tuple[ExternalSeries, RawRecord]], list[LoadError]]:
    """The declared series that have the right shape, each with its record; and the errors of the rest."""
    out, errors = [], []
    for record in raw.external:
        try:
            out.append((ExternalSeries.model_validate(record.data), record))
        except ValidationError as exc:
            for err in exc.errors():
                top = str(err["loc"][0]) if err["loc"] else ""
                errors.append(LoadError(record.origin_of(top), ".".join(map(str, err["loc"])), err["msg"]))
    return out, errors


def series_reference_problem(series: ExternalSeries, record: RawRecord, units: dict) -> LoadError | None:
    """What makes a declared series unusable before its file is read (an unknown indicator, no
    region): the in-memory and the streamed build both check it here."""
    if series.indicator not in units:
        return LoadError(record.origin_of("indicator"), "indicator", f"unknown indicator {series.indicator!r}")
    if series.region is None and series.columns.region is None:
        return LoadError(record.origin, "region", "give a region, or a region column under columns")
    return None


def with_external_series(catalog: Catalog, raw: RawCatalog) -> Catalog:
    """The catalog plus one document and its statements per external series; raises CatalogInvalid."""
    if not raw.external:
        return catalog
    series_list, errors = load_series(raw)
    regions = {r.id for r in catalog.regions}
    units = {i.id: i.unit for i in catalog.indicators}
    taken = {d.id for d in catalog.documents} | {d.file for d in catalog.documents}
    documents, statements, hashes = [], [], {}
    for series, record in series_list:
        problem = series_reference_problem(series, record, units)
        if problem is not None:
            errors.append(problem)
            continue
        data = _series_data(series, raw.root)
        if data is None:
            errors.append(LoadError(record.origin_of("source"), "source",
                                    f"{series.source} has not been fetched yet: run `jjj refresh`"))
            continue
        rel, content, sidecar = data
        rows, row_errors = parse_rows(series, content.decode("utf-8-sig", errors="replace"), regions,
                                      units[series.indicator])
        errors += [LoadError(Origin(rel, line), series.id, msg) for line, msg in row_errors]
        sha = hashlib.sha256(content).hexdigest()
        file = series.source if series.source not in taken else f"{series.source}#{series.id}"
        if series.document_id in taken:
            errors.append(LoadError(record.origin_of("id"), "id", f"document id {series.document_id!r} is taken"))
            continue
        taken |= {series.document_id, file}
        documents.append(_document(series, sha, sidecar, file))
        statements += [_statement(series, row, units[series.indicator], Origin(rel, row.line)) for row in rows]
        hashes[rel] = sha
    if errors:
        raise CatalogInvalid(errors)
    return dataclasses.replace(
        catalog, documents=sorted(catalog.documents + documents, key=lambda d: d.id),
        statements=catalog.statements + statements, input_hashes={**catalog.input_hashes, **hashes})


def series_input_hashes(raw: RawCatalog) -> dict[str, str]:
    """{file: sha256} of each declared series' data, as a build records them among its input hashes, so
    that `jjj serve`'s up-to-date check compares like with like."""
    hashes = {}
    for series, _record in load_series(raw)[0]:
        data = _series_data(series, raw.root)
        if data is not None:
            hashes[data[0]] = hashlib.sha256(data[1]).hexdigest()
    return hashes
