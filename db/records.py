"""What the reads return: one frozen record type per kind of row, field names = column names.

db/queries.py builds them; the dashboard and the API read their attributes (a typo is an
AttributeError at once, and an editor jumps to the definition). They are shared between requests by
the per-data-version cache, hence frozen. Exports stream plain rows instead (db/export.py): a
million statements are not worth a million objects.

The field lists are written here once for reading; tests/test_records.py checks that they agree with
the tables in db/schema.py and with the progress rows etl/progress_rows.py writes.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from typing import TypeVar

R = TypeVar("R")


@dataclass(frozen=True)
class Theme:
    id: str
    zh: str
    en: str


@dataclass(frozen=True)
class Region:
    id: str
    zh: str
    en: str
    level: str
    parent_id: str | None


@dataclass(frozen=True)
class Indicator:
    id: str
    zh: str
    en: str
    theme: str
    unit: str
    direction: str
    definition: str
    definition_zh: str | None


@dataclass(frozen=True)
class ProgressRow:
    """One indicator and region's verdict (the `progress` table, every column)."""
    id: int
    key: str
    indicator_id: str
    region_id: str
    baseline_year: int | None
    baseline_value: float | None
    current_year: int | None
    current_value: float | None
    target_year: int | None
    target_value: float | None
    baseline_qualifier: str | None
    baseline_kind: str | None
    current_qualifier: str | None
    current_kind: str | None
    target_qualifier: str | None
    rate_from_year: int | None
    rate_to_year: int | None
    unit: str
    observed_rate: float | None
    required_rate: float | None
    rate_now_required: float | None
    ratio: float | None
    projected_value: float | None
    status: str
    reason: str | None
    reason_codes: str
    rests_on_bound: bool
    from_change_statement: bool
    rests_on: str
    inputs: str


@dataclass(frozen=True)
class SeriesPoint:
    """An observed or derived level with its source: a point a chart draws."""
    id: int
    key: str
    indicator_id: str
    region_id: str
    kind: str
    period: str
    year: int
    period_span: str
    value: float
    unit: str
    qualifier: str
    value_as_written: str | None
    unit_as_written: str | None
    quote: str
    formula: str | None
    document_id: str
    document_title: str
    document_title_en: str
    document_date: str


@dataclass(frozen=True)
class Statement:
    """Any statement about an indicator with its document: an observation (observed, change, derived)
    or a target (kind "target", period and year = the target year). Columns only one of the two tables
    has are None on the other."""
    id: int
    key: str
    indicator_id: str
    region_id: str
    kind: str
    period: str
    year: int | None
    value: float
    value_low: float
    value_high: float
    unit: str
    value_as_written: str | None
    unit_as_written: str | None
    qualifier: str
    qualifier_as_written: str | None
    document_id: str
    quote: str
    note: str | None
    catalog_ref: str
    document_title: str
    document_title_en: str
    document_date: str
    # observations only
    period_start: str | None = None
    period_end: str | None = None
    period_span: str | None = None
    period_from_document: bool | None = None
    base_period: str | None = None
    base_year: int | None = None
    change_direction: str | None = None
    change_basis: str | None = None
    formula: str | None = None
    inputs: str | None = None
    # targets only
    target_year: int | None = None


@dataclass(frozen=True)
class Conflict:
    id: int
    key: str
    indicator_id: str
    region_id: str
    period: str
    kind: str
    status: str
    documents: str
    statement_keys: str
    values: str
    note: str


@dataclass(frozen=True)
class Target:
    id: int
    key: str
    indicator_id: str
    region_id: str
    target_year: int | None
    value: float
    value_low: float
    value_high: float
    unit: str
    value_as_written: str
    unit_as_written: str
    qualifier: str
    qualifier_as_written: str | None
    document_id: str
    quote: str
    note: str | None
    catalog_ref: str


@dataclass(frozen=True)
class Document:
    """A source document with how many figures (observations) and targets it gave."""
    id: str
    file: str
    title: str
    title_en: str
    author: str
    author_en: str
    kind: str
    date: str
    date_precision: str
    date_evidence: str
    sha256: str
    n_figures: int
    n_targets: int


@dataclass(frozen=True)
class SeriesDocument:
    """How many observations and targets one document gives about an indicator in one region, as the
    build counted them (table series_documents)."""
    region_id: str
    document_id: str
    observations: int
    targets: int


@dataclass(frozen=True)
class Run:
    """A build recorded in the database (etl_runs) with how many changes it made."""
    id: int
    started_at: str
    finished_at: str | None
    status: str
    data_version: str
    input_hashes: str
    counts: str
    message: str | None
    n_changes: int


@dataclass(frozen=True)
class Change:
    """A change-log entry with its indicator's and region's names (None when they are gone)."""
    id: int
    run_id: int
    table_name: str
    key: str
    change: str
    indicator_id: str
    region_id: str
    kind: str
    period: str
    unit: str
    old_value: float | None
    new_value: float | None
    old_as_written: str | None
    new_as_written: str | None
    fields: str | None
    old_quote: str | None
    new_quote: str | None
    old_qualifier: str | None
    new_qualifier: str | None
    document_id: str
    indicator_zh: str | None
    indicator_en: str | None
    region_zh: str | None
    region_en: str | None


@dataclass(frozen=True)
class HeaderFacts:
    """What the dashboard header shows: build time, version and counts."""
    built_at: str
    data_version: str
    indicators: int
    documents: int


def field_names(record_type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


def from_rows(record_type: type[R], columns: Sequence[str], rows: Iterable[Sequence]) -> list[R]:
    """One record per result row whose columns are named `columns`: what the generated __init__ would
    give, at a fraction of its cost (a frozen __init__ sets each field through object.__setattr__: 19
    calls a series point, the most of a series read). The columns are checked once per query shape."""
    return _builder(record_type, tuple(columns))(rows)


@lru_cache(maxsize=256)
def _builder(record_type: type[R], columns: tuple[str, ...]) -> Callable[[Iterable[Sequence]], list[R]]:
    """Fills a new instance's __dict__ as __init__ would: every field, those left out with their defaults.
    Safe because the records are plain frozen dataclasses (no slots, no __post_init__, no default_factory);
    frozen still forbids setting an attribute afterwards, and equality compares the same fields."""
    names = field_names(record_type)
    unknown = [c for c in columns if c not in names]
    left_out = [f for f in fields(record_type) if f.name not in columns]
    missing = [f.name for f in left_out if f.default is MISSING]
    if unknown or missing or len(set(columns)) != len(columns):
        raise TypeError(f"{record_type.__name__}: columns {columns} do not match its fields "
                        f"(unknown {unknown}, missing {missing})")
    defaults = {f.name: f.default for f in left_out}
    new = object.__new__

    def build(rows: Iterable[Sequence]) -> list[R]:
        out = []
        for row in rows:
            record = new(record_type)
            if defaults:
                record.__dict__.update(defaults)
            record.__dict__.update(zip(columns, row))
            out.append(record)
        return out
    return build


__all__ = ["from_rows", "Theme", "Region", "Indicator", "ProgressRow", "SeriesPoint", "Statement", "Conflict", "Target",
           "Document", "SeriesDocument", "Run", "Change", "HeaderFacts", "field_names"]
