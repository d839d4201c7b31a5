"""The tables we export, as queries and streams of rows: the tidy table (one row per observation,
change, derived value or target), targets, progress and sources, with their columns. db/csv_encoding.py
writes them as CSV, db/xlsx.py as a workbook.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.engine import Connection

from .csv_encoding import BATCH_ROWS, Lookup
from .schema import Document, Indicator, Observation, Progress, Region, Target, Theme

TIDY_COLUMNS = (
    "indicator_id", "indicator_zh", "indicator_en", "theme", "region_id", "region_zh", "region_en",
    "period", "kind", "value", "unit", "value_as_written", "unit_as_written", "qualifier",
    "base_period", "source_id", "source_title", "source_date", "quote",
    "period_from_document", "formula", "inputs", "note", "catalog_ref",
)
TARGET_COLUMNS = (
    "key", "indicator_id", "indicator_zh", "indicator_en", "theme", "region_id", "region_zh", "region_en",
    "target_year", "value", "value_low", "value_high", "unit", "value_as_written", "unit_as_written",
    "qualifier", "qualifier_as_written", "source_id", "source_title", "source_date", "quote", "note", "catalog_ref",
)
PROGRESS_COLUMNS = (
    "indicator_id", "indicator_zh", "indicator_en", "region_id", "region_zh", "region_en",
    "baseline_year", "baseline_value", "current_year", "current_value", "target_year", "target_value", "unit",
    "observed_rate", "required_rate", "rate_now_required", "ratio", "projected_value", "status", "reason",
    "rests_on_bound", "baseline_qualifier", "baseline_kind", "current_qualifier", "current_kind",
    "rate_from_year", "rate_to_year", "from_change_statement", "rests_on",
)
SOURCE_COLUMNS = ("id", "file", "title", "title_en", "author", "author_en", "kind", "date", "date_precision",
                  "date_evidence", "sha256")
NO_YEAR = 99_999  # a target without a year sorts after every dated row, as NULLS LAST would


# The names a tidy row carries beside its ids: joined in SQL for the rows the pages and the API read,
# filled in by the CSV encoders from TIDY_LOOKUPS for the exports.
_NAMES = {Indicator: (("indicator_zh", "zh"), ("indicator_en", "en"), ("theme", "theme")),
          Region: (("region_zh", "zh"), ("region_en", "en")),
          Document: (("source_title", "title"), ("source_date", "date"))}


def _names(table, wanted: bool = True) -> list:
    """The tidy name columns of `table`, or none when the lookups fill them in."""
    return [getattr(table, column).label(name) for name, column in _NAMES[table]] if wanted else []


TIDY_LOOKUPS = tuple(Lookup(id_column, select(table.id.label(id_column), *_names(table)))
                     for id_column, table in (("indicator_id", Indicator), ("region_id", Region),
                                              ("source_id", Document)))


def tidy_query(indicator: str | None = None, region: str | None = None, theme: str | None = None,
               kind: str | None = None, source: str | None = None, names: bool = True):
    """Observations (observed, change, derived) and targets as one select with tidy columns (and two
    trailing sort columns, which CSV writers leave out), ordered by indicator, region, year (none
    last), kind and key. Ordered as a compound: SQLite merges the two parts, each read in order from
    its index (ix_observations_series), instead of sorting a million rows in a temporary b-tree.
    names=False leaves out the names that TIDY_LOOKUPS fill in (the CSV's select)."""
    parts = tidy_parts(indicator, region, theme, kind, source, names)
    union = union_all(*parts) if len(parts) > 1 else parts[0]
    c = union.selected_columns
    return union.order_by(c.indicator_id, c.region_id, c.sort_year, c.kind, c.sort_key)


def tidy_parts(indicator: str | None = None, region: str | None = None, theme: str | None = None,
               kind: str | None = None, source: str | None = None, names: bool = True) -> list:
    """The observations part and the targets part of the tidy select, each filtered (one of them
    when `kind` rules the other out): counted apart, they count from the indexes. Without `names`,
    each part reads its own table alone: the indicator, region and source ids, no names."""
    o, t = Observation, Target
    obs = select(o.indicator_id.label("indicator_id"), *_names(Indicator, names),
                 o.region_id.label("region_id"), *_names(Region, names),
                 o.period.label("period"), o.kind.label("kind"), o.value.label("value"),
                 o.unit.label("unit"), o.value_as_written, o.unit_as_written, o.qualifier, o.base_period,
                 o.document_id.label("source_id"), *_names(Document, names),
                 o.quote, o.period_from_document, o.formula, o.inputs, o.note, o.catalog_ref,
                 o.year.label("sort_year"), o.key.label("sort_key"))
    tgt = select(t.indicator_id.label("indicator_id"), *_names(Indicator, names),
                 t.region_id.label("region_id"), *_names(Region, names),
                 t.target_year.cast(Observation.period.type).label("period"), literal("target").label("kind"),
                 t.value, t.unit, t.value_as_written, t.unit_as_written, t.qualifier,
                 literal(None, Observation.base_period.type).label("base_period"),
                 t.document_id.label("source_id"), *_names(Document, names), t.quote,
                 literal(False).label("period_from_document"),
                 literal(None, Observation.formula.type).label("formula"),
                 literal(None, Observation.inputs.type).label("inputs"), t.note, t.catalog_ref,
                 func.coalesce(t.target_year, NO_YEAR).label("sort_year"), t.key.label("sort_key"))
    if names:
        obs = obs.join(Indicator, Indicator.id == o.indicator_id).join(Region, Region.id == o.region_id) \
            .join(Document, Document.id == o.document_id)
        tgt = tgt.join(Indicator, Indicator.id == t.indicator_id).join(Region, Region.id == t.region_id) \
            .join(Document, Document.id == t.document_id)
    filters_o, filters_t = [], []
    if indicator:
        filters_o.append(o.indicator_id == indicator)
        filters_t.append(t.indicator_id == indicator)
    if region:
        filters_o.append(o.region_id == region)
        filters_t.append(t.region_id == region)
    if theme:
        of_theme = select(Indicator.id).where(Indicator.theme == theme)
        filters_o.append(o.indicator_id.in_(of_theme))
        filters_t.append(t.indicator_id.in_(of_theme))
    if source:
        filters_o.append(o.document_id == source)
        filters_t.append(t.document_id == source)
    parts = []
    if kind in (None, "observed", "change", "derived"):
        if kind:
            filters_o.append(o.kind == kind)
        parts.append(obs.where(and_(True, *filters_o)))
    if kind in (None, "target"):
        parts.append(tgt.where(and_(True, *filters_t)))
    return parts


def target_query(indicator: str | None = None, region: str | None = None, theme: str | None = None):
    """Targets with the indicator's, region's and source's names (TARGET_COLUMNS)."""
    t, i, r, d = Target, Indicator, Region, Document
    q = (select(t.key, i.id.label("indicator_id"), i.zh.label("indicator_zh"), i.en.label("indicator_en"), i.theme,
                r.id.label("region_id"), r.zh.label("region_zh"), r.en.label("region_en"), t.target_year, t.value,
                t.value_low, t.value_high, t.unit, t.value_as_written, t.unit_as_written, t.qualifier,
                t.qualifier_as_written, d.id.label("source_id"), d.title.label("source_title"),
                d.date.label("source_date"), t.quote, t.note, t.catalog_ref)
         .join(i, i.id == t.indicator_id).join(r, r.id == t.region_id).join(d, d.id == t.document_id))
    q = _filtered(q, t.indicator_id, t.region_id, indicator, region, theme)
    return q.order_by(t.indicator_id, t.region_id, t.target_year.nulls_last(), t.key)


def progress_query(indicator: str | None = None, region: str | None = None, theme: str | None = None):
    """Baseline, current, target, rates and status per indicator and region (PROGRESS_COLUMNS)."""
    p, i, r = Progress, Indicator, Region
    names = {"indicator_zh": i.zh, "indicator_en": i.en, "region_zh": r.zh, "region_en": r.en}
    cols = [names[c].label(c) if c in names else p.__table__.c[c] for c in PROGRESS_COLUMNS]
    q = select(*cols).join(i, i.id == p.indicator_id).join(r, r.id == p.region_id)
    q = _filtered(q, p.indicator_id, p.region_id, indicator, region, theme)
    return q.order_by(p.indicator_id, p.region_id)


def _filtered(q, indicator_col, region_col, indicator, region, theme):
    if indicator:
        q = q.where(indicator_col == indicator)
    if region:
        q = q.where(region_col == region)
    if theme:
        q = q.where(Indicator.theme == theme)
    return q


def iter_tidy_rows(conn: Connection, **filters) -> Iterator[dict]:
    """Stream tidy rows as dicts of TIDY_COLUMNS (not the sort columns), in batches: large exports never
    sit whole in memory."""
    result = conn.execute(tidy_query(**filters), execution_options={"stream_results": True, "yield_per": BATCH_ROWS})
    for row in result:
        yield dict(zip(TIDY_COLUMNS, row))


def iter_target_rows(conn: Connection, **filters) -> Iterator[dict]:
    return _stream(conn, target_query(**filters))


def iter_progress_rows(conn: Connection, **filters) -> Iterator[dict]:
    return _stream(conn, progress_query(**filters))


def iter_source_rows(conn: Connection) -> Iterator[dict]:
    return _stream(conn, select(*(Document.__table__.c[c] for c in SOURCE_COLUMNS)).order_by(Document.id))


def _stream(conn: Connection, query) -> Iterator[dict]:
    # Options on this statement only: Connection.execution_options() would change the caller's connection.
    result = conn.execute(query, execution_options={"stream_results": True, "yield_per": BATCH_ROWS})
    for row in result.mappings():
        yield dict(row)


__all__ = ["TIDY_COLUMNS", "TARGET_COLUMNS", "PROGRESS_COLUMNS", "SOURCE_COLUMNS", "TIDY_LOOKUPS", "iter_tidy_rows",
           "iter_target_rows", "iter_progress_rows", "iter_source_rows", "tidy_query", "target_query", "progress_query",
           "Theme"]
