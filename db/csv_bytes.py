"""The CSV encoder of db/csv_encoding.py over bytes, for SQLite: text cells come from the driver as the UTF-8
bytes stored in the file (`text_factory = bytes`) and go out as they came, never decoded into str and
encoded back. That decoding, and joining str cells of mixed widths (CJK beside ASCII), were a third of
`jjj export --csv`'s time.

The rules are db/csv_encoding.py's, byte for byte: every trigger of formula injection and every character
that calls for quoting is ASCII, and no byte of a multi-byte UTF-8 character is ASCII, so searching
the bytes finds what searching the text finds. Numbers, booleans and mixed columns go through
db/csv_encoding.py's own column encoder. tests/test_csv_encoding.py holds both encoders to csv.writer.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice

from sqlalchemy.engine import Connection

from . import csv_encoding  # the text encoder this one mirrors

_SEP = b"\x00"  # as csv_encoding._SEP: joins a column for the whole-column checks
_TRIGGERS = tuple(t.encode() for t in csv_encoding.FORMULA_TRIGGERS)
_CELL_STARTS = tuple(_SEP + t for t in _TRIGGERS)
_NONE, _BYTES = type(None), bytes
_PLAIN_NUMBERS = {float, int, bool}  # their text never holds a comma, quote or line break


def sqlite_byte_blocks(conn: Connection, query, width: int, batch_rows: int,
                       lookups: Sequence[csv_encoding.Lookup] = ()) -> Iterator[tuple[int, bytes]]:
    """`query`'s rows as CSV bytes (its first `width` columns), one block per batch of `batch_rows` rows,
    with the number of rows in each; each lookup's names filled in after its id. The connection reads
    text as bytes while this runs, then as before."""
    processors = csv_encoding.result_processors(conn, query, width)
    driver = conn.connection.driver_connection
    saved = driver.text_factory
    driver.text_factory = bytes
    try:
        fills = {position: _encoded(conn, lookup.query)
                 for position, lookup in csv_encoding.lookup_positions(query, lookups)}
        for batch in csv_encoding.sqlite_batches(conn, query, batch_rows):
            yield len(batch), _block(batch, width, processors, fills)
    finally:
        driver.text_factory = saved


def _encoded(conn: Connection, query) -> dict[bytes, bytes]:
    """csv_encoding._encoded over bytes: a lookup table's rows as {id: its encoded cells}, keyed by the id's bytes."""
    rows = [row for batch in csv_encoding.sqlite_batches(conn, query, csv_encoding.BATCH_ROWS) for row in batch]
    if not rows:
        return {}
    width = len(rows[0])
    lines = _lines(rows, width, csv_encoding.result_processors(conn, query, width), {})
    return dict(zip((row[0] for row in rows), lines))


def _block(rows: Sequence[Sequence], width: int, processors: Sequence, fills: dict) -> bytes:
    """CSV lines, each ended by CRLF."""
    return b"\r\n".join(_lines(rows, width, processors, fills)) + b"\r\n"


def _lines(rows: Sequence[Sequence], width: int, processors: Sequence, fills: dict) -> list[bytes]:
    """One CSV line per row; a column with a result processor (0/1 → a boolean) goes through it, a
    column with a fill (by position) becomes its lookup's cells."""
    columns = islice(zip(*rows), width)
    cells = [csv_encoding.filled(fills[k], values) if k in fills
             else _column(values if p is None else tuple(p(_text(v)) for v in values))
             for k, (values, p) in enumerate(zip(columns, processors))]
    return list(map(b",".join, zip(*cells)))


def _text(value):
    return value.decode() if type(value) is _BYTES else value


def _column(values: tuple) -> Sequence[bytes]:
    kinds = set(map(type, values))
    has_none = _NONE in kinds
    kinds.discard(_NONE)
    if kinds <= {_BYTES}:
        return _text_column([b"" if v is None else v for v in values] if has_none else values)
    if kinds <= _PLAIN_NUMBERS:  # encoded in one go: the cells hold no line break to split on
        return "\n".join(csv_encoding._csv_column(values)).encode().split(b"\n")
    return [cell.encode() for cell in csv_encoding._csv_column(tuple(map(_text, values)))]


def _text_column(texts: Sequence[bytes]) -> Sequence[bytes]:
    """csv_encoding._text_column over bytes: neutralized and quoted where needed, found by searching the column."""
    joined = _SEP + _SEP.join(texts)
    if any(start[1:] in joined and start in joined for start in _CELL_STARTS):
        texts = [b"'" + t if t.startswith(_TRIGGERS) else t for t in texts]
    if b'"' in joined:
        return [b'"' + t.replace(b'"', b'""') + b'"' if b'"' in t or b"," in t or b"\n" in t or b"\r" in t else t
                for t in texts]
    if b"," in joined or b"\n" in joined or b"\r" in joined:
        return [b'"' + t + b'"' if b"," in t or b"\n" in t or b"\r" in t else t for t in texts]
    return texts
