"""The CSV encoder of db/export.py over bytes, for SQLite: text cells come from the driver as the UTF-8
bytes stored in the file (`text_factory = bytes`) and go out as they came, never decoded into str and
encoded back. That decoding, and joining str cells of mixed widths (CJK beside ASCII), were a third of
`jjj export --csv`'s time.

The rules are db/export.py's, byte for byte: every trigger of formula injection and every character
that calls for quoting is ASCII, and no byte of a multi-byte UTF-8 character is ASCII, so searching
the bytes finds what searching the text finds. Numbers, booleans and mixed columns go through
db/export.py's own column encoder. tests/test_csv_encoding.py holds both encoders to csv.writer.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice

from sqlalchemy.engine import Connection

from . import export

_SEP = b"\x00"  # as export._SEP: joins a column for the whole-column checks
_TRIGGERS = tuple(t.encode() for t in export.FORMULA_TRIGGERS)
_CELL_STARTS = tuple(_SEP + t for t in _TRIGGERS)
_NONE, _BYTES = type(None), bytes
_PLAIN_NUMBERS = {float, int, bool}  # their text never holds a comma, quote or line break


def sqlite_byte_blocks(conn: Connection, query, width: int, batch_rows: int) -> Iterator[tuple[int, bytes]]:
    """`query`'s rows as CSV bytes (its first `width` columns), one block per batch of `batch_rows` rows,
    with the number of rows in each. The connection reads text as bytes while this runs, then as before."""
    processors = export.result_processors(conn, query, width)
    driver = conn.connection.driver_connection
    saved = driver.text_factory
    driver.text_factory = bytes
    try:
        for batch in export.sqlite_batches(conn, query, batch_rows):
            yield len(batch), _block(batch, width, processors)
    finally:
        driver.text_factory = saved


def _block(rows: Sequence[Sequence], width: int, processors: Sequence) -> bytes:
    """CSV lines, each ended by CRLF; a column with a result processor (0/1 → a boolean) goes through it."""
    columns = islice(zip(*rows), width)
    cells = [_column(values if p is None else tuple(p(_text(v)) for v in values))
             for values, p in zip(columns, processors)]
    return b"\r\n".join(map(b",".join, zip(*cells))) + b"\r\n"


def _text(value):
    return value.decode() if type(value) is _BYTES else value


def _column(values: tuple) -> Sequence[bytes]:
    kinds = set(map(type, values))
    has_none = _NONE in kinds
    kinds.discard(_NONE)
    if kinds <= {_BYTES}:
        return _text_column([b"" if v is None else v for v in values] if has_none else values)
    if kinds <= _PLAIN_NUMBERS:  # encoded in one go: the cells hold no line break to split on
        return "\n".join(export._csv_column(values)).encode().split(b"\n")
    return [cell.encode() for cell in export._csv_column(tuple(map(_text, values)))]


def _text_column(texts: Sequence[bytes]) -> Sequence[bytes]:
    """export._text_column over bytes: neutralized and quoted where needed, found by searching the joined column."""
    joined = _SEP + _SEP.join(texts)
    if any(start[1:] in joined and start in joined for start in _CELL_STARTS):
        texts = [b"'" + t if t.startswith(_TRIGGERS) else t for t in texts]
    if b'"' in joined:
        return [b'"' + t.replace(b'"', b'""') + b'"' if b'"' in t or b"," in t or b"\n" in t or b"\r" in t else t
                for t in texts]
    if b"," in joined or b"\n" in joined or b"\r" in joined:
        return [b'"' + t + b'"' if b"," in t or b"\n" in t or b"\r" in t else t for t in texts]
    return texts
