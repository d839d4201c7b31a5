"""The CSV encoder of every table we write: text cells neutralized against formula injection (OWASP:
no text cell may start with = + - @ tab CR LF), so a file is safe to open in Excel; numbers stay numbers.

The rows are encoded a batch at a time and a column at a time: a column of plain text (most of
them: ids, names, units) is checked with a few substring searches over the whole column and
passes through untouched, so the per-cell Python work is left to the cells that need quoting
or neutralizing, and to the numbers. The bytes are those of csv.writer (QUOTE_MINIMAL, CRLF)
over the cells as _field formats them; tests/test_csv_encoding.py holds the two side by side.
db/csv_bytes.py is the same encoder over SQLite's bytes.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import Select
from sqlalchemy.engine import Connection

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralize(cell):
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


@dataclass(frozen=True)
class Lookup:
    """Name columns that the encoders fill in from a small table, after an id column of the rows.
    `query` selects the id, then the names, in the order of the CSV's columns. A million exported rows
    then carry ids alone through SQLite and the driver, not seven names each (half of an export's time).
    A row whose id the table lacks raises LookupError (a join would drop the row; the build's foreign-key
    check means it does not happen)."""
    id_column: str
    query: Select

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.query.selected_columns)[1:]


BATCH_ROWS = 1000
_SEP = "\x00"  # joins a column for the whole-column checks; a false alarm only costs the slow path
_CELL_STARTS = tuple(_SEP + t for t in FORMULA_TRIGGERS)
_NONE, _STR, _FLOAT, _INT, _BOOL = type(None), str, float, int, bool


def csv_stream(conn: Connection, query, columns, bom: bool = True, lookups: Sequence[Lookup] = ()) -> Iterator[str]:
    """CSV text of `query` (selecting `columns`, in order), streamed: a BOM and the header, then one
    chunk per batch of rows fetched from the cursor, so memory stays bounded by one batch. The header
    comes before the query runs, so a download starts at once even when sorting the rows takes seconds.
    With `lookups`, the query selects each lookup's id without its names, and the encoder fills them in."""
    return (text for _rows, text in csv_batches(conn, query, columns, bom, lookups))


def csv_batches(conn: Connection, query, columns, bom: bool = True,
                lookups: Sequence[Lookup] = ()) -> Iterator[tuple[int, str]]:
    """csv_stream's chunks with the number of rows in each (0 for the header)."""
    yield 0, ("\ufeff" if bom else "") + _csv_block([tuple(columns)])
    n = selected_width(query, columns, lookups)
    fills = {position: _encoded(conn.execute(lookup.query).all())
             for position, lookup in lookup_positions(query, lookups)}
    if conn.dialect.name == "sqlite":
        processors = result_processors(conn, query, n)
        for batch in sqlite_batches(conn, query, BATCH_ROWS):
            yield len(batch), _csv_block(batch, n, processors, fills)
        return
    result = conn.execute(query, execution_options={"stream_results": True, "yield_per": BATCH_ROWS})
    for batch in result.partitions():
        yield len(batch), _csv_block(batch, n, fills=fills)


def csv_byte_batches(conn: Connection, query, columns, bom: bool = True,
                     lookups: Sequence[Lookup] = ()) -> Iterator[tuple[int, bytes]]:
    """csv_batches' chunks as UTF-8 bytes, the same bytes; on SQLite text never becomes str on the way
    (db/csv_bytes.py): what a file and a download are written from."""
    yield 0, (("\ufeff" if bom else "") + _csv_block([tuple(columns)])).encode()
    if conn.dialect.name == "sqlite":
        from .csv_bytes import sqlite_byte_blocks  # it builds on this module's encoder
        yield from sqlite_byte_blocks(conn, query, selected_width(query, columns, lookups), BATCH_ROWS, lookups)
        return
    for rows, text in islice(csv_batches(conn, query, columns, lookups=lookups), 1, None):  # the header is out already
        yield rows, text.encode()


def selected_width(query, columns: Sequence[str], lookups: Sequence[Lookup]) -> int:
    """How many of `query`'s first columns the CSV holds (a query may end with its sort columns), checked:
    those columns, each lookup's names after its id, must be `columns`."""
    keys = [c.key for c in query.selected_columns]
    names = {lookup.id_column: lookup.names for lookup in lookups}
    n = len(columns) - sum(map(len, names.values()))
    expanded = [name for key in keys[:n] for name in (key, *names.get(key, ()))]
    if expanded != list(columns):
        raise ValueError(f"the query's columns {keys[:n]} with the lookups' names are not the CSV's {list(columns)}")
    return n


def lookup_positions(query, lookups: Sequence[Lookup]) -> list[tuple[int, Lookup]]:
    keys = [c.key for c in query.selected_columns]
    return [(keys.index(lookup.id_column), lookup) for lookup in lookups]


def _encoded(rows: Sequence[Sequence]) -> dict:
    """A lookup table's rows as {id: the CSV cells of the id and its names, joined}: made once per export."""
    lines = list(map(",".join, zip(*map(_csv_column, zip(*rows))))) if rows else []
    return dict(zip((row[0] for row in rows), lines))


def filled(fill: dict, ids: Sequence) -> list:
    """The id cells of a column replaced by their lookup's encoded cells."""
    try:
        return list(map(fill.__getitem__, ids))
    except KeyError as missing:
        raise LookupError(f"a row names {missing.args[0]!r}, which its lookup table does not hold") from None


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


def csv_chunks(rows: Iterable[dict], columns: Sequence[str], bom: bool = True) -> Iterator[str]:
    """CSV text of dict rows (a missing key is an empty cell), in chunks of BATCH_ROWS rows, BOM first."""
    yield ("\ufeff" if bom else "") + _csv_block([tuple(columns)])
    rows = iter(rows)
    while batch := [tuple(map(row.get, columns)) for row in islice(rows, BATCH_ROWS)]:
        yield _csv_block(batch)


def _csv_block(rows: Sequence[Sequence], width: int | None = None, processors: Sequence | None = None,
               fills: dict | None = None) -> str:
    """CSV lines, each ended by CRLF, for rows of equal length (of their first `width` columns), each
    column first through its result processor when one is given; a column with a fill (by position)
    becomes its lookup's cells."""
    columns = islice(zip(*rows), width)
    if processors:
        columns = (values if p is None else tuple(map(p, values)) for values, p in zip(columns, processors))
    cells = [_csv_column(values) if not fills or k not in fills else filled(fills[k], values)
             for k, values in enumerate(columns)]
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


__all__ = ["FORMULA_TRIGGERS", "Lookup", "neutralize", "csv_stream", "csv_batches", "csv_byte_batches",
           "csv_chunks"]
