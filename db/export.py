"""The tidy export: one row per observation, change, derived value or target, streamed.

CSV for people who open it in Excel: UTF-8 with BOM, and text cells neutralized against
formula injection (OWASP: no text cell may start with = + - @ tab CR LF); numbers stay numbers.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TextIO

from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.engine import Connection

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
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
NO_YEAR = 99_999  # a target without a year sorts after every dated row, as NULLS LAST would


def neutralize(cell):
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def tidy_query(indicator: str | None = None, region: str | None = None, theme: str | None = None,
               kind: str | None = None, source: str | None = None):
    """Observations (observed, change, derived) and targets as one select with tidy columns (and two
    trailing sort columns, which CSV writers leave out), ordered by indicator, region, year (none
    last), kind and key. Ordered as a compound: SQLite merges the two parts, each read in order from
    its index (ix_observations_series), instead of sorting a million rows in a temporary b-tree."""
    parts = tidy_parts(indicator, region, theme, kind, source)
    union = union_all(*parts) if len(parts) > 1 else parts[0]
    c = union.selected_columns
    return union.order_by(c.indicator_id, c.region_id, c.sort_year, c.kind, c.sort_key)


def tidy_parts(indicator: str | None = None, region: str | None = None, theme: str | None = None,
               kind: str | None = None, source: str | None = None) -> list:
    """The observations part and the targets part of the tidy select, each filtered (one of them
    when `kind` rules the other out): counted apart, they count from the indexes."""
    o, t, i, r, d = Observation, Target, Indicator, Region, Document
    names = [i.zh.label("indicator_zh"), i.en.label("indicator_en"), i.theme.label("theme")]
    regions = [r.zh.label("region_zh"), r.en.label("region_en")]
    src = [d.id.label("source_id"), d.title.label("source_title"), d.date.label("source_date")]
    obs = (select(o.indicator_id.label("indicator_id"), *names, o.region_id.label("region_id"), *regions,
                  o.period.label("period"), o.kind.label("kind"), o.value.label("value"),
                  o.unit.label("unit"), o.value_as_written, o.unit_as_written, o.qualifier, o.base_period,
                  *src, o.quote, o.period_from_document, o.formula, o.inputs, o.note, o.catalog_ref,
                  o.year.label("sort_year"), o.key.label("sort_key"))
           .join(i, i.id == o.indicator_id).join(r, r.id == o.region_id).join(d, d.id == o.document_id))
    tgt = (select(t.indicator_id.label("indicator_id"), *names, t.region_id.label("region_id"), *regions,
                  t.target_year.cast(Observation.period.type).label("period"), literal("target").label("kind"),
                  t.value, t.unit, t.value_as_written, t.unit_as_written, t.qualifier,
                  literal(None, Observation.base_period.type).label("base_period"), *src, t.quote,
                  literal(False).label("period_from_document"),
                  literal(None, Observation.formula.type).label("formula"),
                  literal(None, Observation.inputs.type).label("inputs"), t.note, t.catalog_ref,
                  func.coalesce(t.target_year, NO_YEAR).label("sort_year"), t.key.label("sort_key"))
           .join(i, i.id == t.indicator_id).join(r, r.id == t.region_id).join(d, d.id == t.document_id))
    filters_o, filters_t = [], []
    if indicator:
        filters_o.append(o.indicator_id == indicator)
        filters_t.append(t.indicator_id == indicator)
    if region:
        filters_o.append(o.region_id == region)
        filters_t.append(t.region_id == region)
    if theme:
        filters_o.append(i.theme == theme)
        filters_t.append(i.theme == theme)
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


# --- CSV ---------------------------------------------------------------------------------------
# The rows are encoded a batch at a time and a column at a time: a column of plain text (most of
# them: ids, names, units) is checked with a few substring searches over the whole column and
# passes through untouched, so the per-cell Python work is left to the cells that need quoting
# or neutralizing, and to the numbers. The bytes are those of csv.writer (QUOTE_MINIMAL, CRLF)
# over the cells as _field formats them; tests/test_csv_encoding.py holds the two side by side.

BATCH_ROWS = 1000
_SEP = "\x00"  # joins a column for the whole-column checks; a false alarm only costs the slow path
_CELL_STARTS = tuple(_SEP + t for t in FORMULA_TRIGGERS)
_NONE, _STR, _FLOAT, _INT, _BOOL = type(None), str, float, int, bool


def csv_stream(conn: Connection, query, columns, bom: bool = True) -> Iterator[str]:
    """CSV text of `query` (selecting `columns`, in order), streamed: a BOM and the header, then one
    chunk per batch of rows fetched from the cursor, so memory stays bounded by one batch. The header
    comes before the query runs, so a download starts at once even when sorting the rows takes seconds."""
    return (text for _rows, text in csv_batches(conn, query, columns, bom))


def csv_batches(conn: Connection, query, columns, bom: bool = True) -> Iterator[tuple[int, str]]:
    """csv_stream's chunks with the number of rows in each (0 for the header)."""
    yield 0, ("\ufeff" if bom else "") + _csv_block([tuple(columns)])
    n = len(columns)  # the first n columns: a query may end with its sort columns
    if conn.dialect.name == "sqlite":
        yield from _sqlite_blocks(conn, query, n)
        return
    result = conn.execute(query, execution_options={"stream_results": True, "yield_per": BATCH_ROWS})
    for batch in result.partitions():
        yield len(batch), _csv_block(batch, n)


def csv_byte_batches(conn: Connection, query, columns, bom: bool = True) -> Iterator[tuple[int, bytes]]:
    """csv_batches' chunks as UTF-8 bytes, the same bytes; on SQLite text never becomes str on the way
    (db/csv_bytes.py): what a file is written from."""
    yield 0, (("\ufeff" if bom else "") + _csv_block([tuple(columns)])).encode()
    if conn.dialect.name == "sqlite":
        from .csv_bytes import sqlite_byte_blocks  # it builds on this module's encoder
        yield from sqlite_byte_blocks(conn, query, len(columns), BATCH_ROWS)
        return
    for rows, text in islice(csv_batches(conn, query, columns), 1, None):  # the header is out already
        yield rows, text.encode()


def _sqlite_blocks(conn: Connection, query, n: int) -> Iterator[tuple[int, str]]:
    processors = result_processors(conn, query, n)
    for batch in sqlite_batches(conn, query, BATCH_ROWS):
        yield len(batch), _csv_block(batch, n, processors)


def result_processors(conn: Connection, query, n: int) -> list:
    """The first `n` columns' result processors (0/1 → a boolean; None where a value is used as it is),
    applied by the encoders a column at a time."""
    return [c.type._cached_result_processor(conn.dialect, None) for c in query.selected_columns][:n]


def sqlite_batches(conn: Connection, query, batch_rows: int) -> Iterator[list[tuple]]:
    """SQLite: executed as usual, then read from the driver's cursor, so rows stay plain tuples (a Row
    object each costs a third of the export). (SQLite's cursor streams; SQLAlchemy has fetched nothing ahead.)"""
    result = conn.execute(query)
    try:
        while batch := result.cursor.fetchmany(batch_rows):
            yield batch
    finally:
        result.close()


def csv_chunks(rows: Iterable[dict], columns=TIDY_COLUMNS, bom: bool = True) -> Iterator[str]:
    """CSV text of dict rows (a missing key is an empty cell), in chunks of BATCH_ROWS rows, BOM first."""
    yield ("\ufeff" if bom else "") + _csv_block([tuple(columns)])
    rows = iter(rows)
    while batch := [tuple(map(row.get, columns)) for row in islice(rows, BATCH_ROWS)]:
        yield _csv_block(batch)


def _csv_block(rows: Sequence[Sequence], width: int | None = None, processors: Sequence | None = None) -> str:
    """CSV lines, each ended by CRLF, for rows of equal length (of their first `width` columns), each
    column first through its result processor when one is given."""
    columns = islice(zip(*rows), width)
    if processors:
        columns = (values if p is None else tuple(map(p, values)) for values, p in zip(columns, processors))
    cells = [_csv_column(values) for values in columns]
    return "\r\n".join(map(",".join, zip(*cells))) + "\r\n"


def _csv_column(values: tuple) -> Sequence[str]:
    """One column of a batch as CSV fields. Comprehensions, not a call per cell: this is the hot loop."""
    kinds = set(map(type, values))
    has_none = _NONE in kinds
    kinds.discard(_NONE)
    if kinds <= {_STR}:
        return _text_column(["" if v is None else v for v in values] if has_none else values)
    if kinds == {_FLOAT}:
        return ["" if v is None else format(v, ".15g") for v in values]
    if kinds == {_INT}:
        return ["" if v is None else str(v) for v in values]
    if kinds == {_BOOL}:
        return ["" if v is None else "true" if v else "false" for v in values]
    return [_field(v) for v in values]


def _text_column(texts: Sequence[str]) -> Sequence[str]:
    """Text cells, neutralized and quoted where needed, found by searching the joined column first."""
    joined = _SEP + _SEP.join(texts)
    # the one-character test first: it is a fast scan, and most columns hold no trigger at all
    if any(start[1] in joined and start in joined for start in _CELL_STARTS):
        texts = list(map(neutralize, texts))
    if '"' in joined:
        return ['"' + t.replace('"', '""') + '"' if '"' in t or "," in t or "\n" in t or "\r" in t else t
                for t in texts]
    if "," in joined or "\n" in joined or "\r" in joined:
        return ['"' + t + '"' if "," in t or "\n" in t or "\r" in t else t for t in texts]
    return texts


def _text_field(text: str) -> str:
    """One text cell: neutralized (see neutralize), then quoted as csv.writer quotes it."""
    return _text_column((text,))[0]


def _field(value) -> str:
    """Any one cell: numbers stay numbers (floats to 15 significant digits), booleans are
    true/false, None is empty, anything else is text."""
    if value is None:
        return ""
    kind = type(value)
    if kind is float:
        return format(value, ".15g")
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    return _text_field(value if kind is str else str(value))


def write_csv(rows: Iterable[dict], fh: TextIO, columns=TIDY_COLUMNS) -> int:
    """Write rows as CSV to an open text file; returns the number of data rows."""
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for chunk in csv_chunks(counted(), columns):
        fh.write(chunk)
    return count


__all__ = ["TIDY_COLUMNS", "TARGET_COLUMNS", "PROGRESS_COLUMNS", "SOURCE_COLUMNS", "iter_tidy_rows",
           "iter_target_rows", "iter_progress_rows", "iter_source_rows", "csv_chunks", "csv_stream", "csv_batches",
           "csv_byte_batches", "write_csv",
           "neutralize", "tidy_query", "target_query", "progress_query", "Theme"]
