"""The batched CSV encoder gives exactly the bytes of csv.writer over the neutralized cells."""
from __future__ import annotations

import csv
import io
import random

import pytest
from sqlalchemy import Boolean, Column, Float, Integer, MetaData, Table, Text, create_engine, select

from db import csv_encoding
from db.csv_encoding import csv_chunks, csv_stream

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def reference_cell(value):
    """The rule, independently: numbers to 15 significant digits, true/false, None empty, text neutralized."""
    if value is None:
        return ""
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is float:
        return format(value, ".15g")
    if type(value) is int:
        return value
    text = str(value)
    return "'" + text if text.startswith(TRIGGERS) else text


def reference_csv(columns, rows) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([reference_cell(v) for v in row] for row in rows)
    return buf.getvalue()


COLUMNS = ("text", "number", "count", "flag", "mixed")
TRICKY_TEXT = [
    "plain", "a,b", 'say "hi"', 'both, "and"', "two\nlines", "cr\rhere", "crlf\r\nend", "=SUM(A1)", "+1",
    "-1 原因", "@cmd", "\tTAB", "\rCR", "\nLF", '=HYPERLINK("http://x","点击")', "集装箱吞吐量，2329万标箱",
    "", " =not a formula", "'already", "a\x00=b", "\x00", "-", '"', ",", "ends with,", "2024-06", None,
]
TRICKY_NUMBERS = [0.1, 1e-7, 23290000.0, -3.5, 1 / 3, 2.5e20, 0.0, -0.0, 100.0, 1e16, float("inf"), None]
TRICKY_INTS = [0, 2030, -7, 10 ** 18, None]
TRICKY_MIXED = ["text", 1.5, 7, True, None, "=x", "a,b"]


def tricky_rows(n: int = 200, seed: int = 7) -> list[tuple]:
    rng = random.Random(seed)
    return [(rng.choice(TRICKY_TEXT), rng.choice(TRICKY_NUMBERS), rng.choice(TRICKY_INTS),
             rng.choice([True, False, None]), rng.choice(TRICKY_MIXED)) for _ in range(n)]


def every_tricky_value_once() -> list[tuple]:
    longest = max(len(TRICKY_TEXT), len(TRICKY_NUMBERS), len(TRICKY_INTS), len(TRICKY_MIXED))
    return [(TRICKY_TEXT[k % len(TRICKY_TEXT)], TRICKY_NUMBERS[k % len(TRICKY_NUMBERS)],
             TRICKY_INTS[k % len(TRICKY_INTS)], (True, False, None)[k % 3], TRICKY_MIXED[k % len(TRICKY_MIXED)])
            for k in range(longest)]


def as_dicts(rows):
    return [dict(zip(COLUMNS, row)) for row in rows]


@pytest.mark.parametrize("rows", [every_tricky_value_once(), tricky_rows(), tricky_rows(1000, seed=11)])
@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_csv_chunks_is_byte_identical_to_csv_writer(monkeypatch, rows, batch):
    monkeypatch.setattr(csv_encoding, "BATCH_ROWS", batch)
    assert "".join(csv_chunks(as_dicts(rows), COLUMNS)) == reference_csv(COLUMNS, rows)


@pytest.mark.parametrize("value", TRICKY_TEXT + TRICKY_NUMBERS + TRICKY_INTS + TRICKY_MIXED)
def test_each_value_alone_in_its_column(value):
    rows = [(value, None, None, None, None)]
    assert "".join(csv_chunks(as_dicts(rows), COLUMNS)) == reference_csv(COLUMNS, rows)


def test_a_column_of_only_empty_cells_and_a_missing_key():
    rows = [{"text": None}, {"text": None, "number": None}]
    assert "".join(csv_chunks(rows, COLUMNS)) == reference_csv(COLUMNS, [(None,) * 5] * 2)


def test_without_bom():
    assert "".join(csv_chunks([], ("a", "b"), bom=False)) == "a,b\r\n"


@pytest.fixture()
def table_engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'tricky.db'}")
    table = Table("tricky", MetaData(), Column("id", Integer, primary_key=True), Column("text", Text),
                  Column("number", Float), Column("count", Integer), Column("flag", Boolean))
    table.create(engine)
    yield engine, table
    engine.dispose()


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_csv_stream_from_the_database_is_byte_identical_and_batched(monkeypatch, table_engine, batch):
    monkeypatch.setattr(csv_encoding, "BATCH_ROWS", batch)
    engine, table = table_engine
    rows = [row[:4] for row in tricky_rows(50, seed=3)]
    with engine.begin() as conn:
        conn.execute(table.insert(), [dict(zip(("text", "number", "count", "flag"), row)) for row in rows])
    columns = ("text", "number", "count", "flag")
    query = select(table.c.text, table.c.number, table.c["count"], table.c.flag).order_by(table.c.id)
    with engine.connect() as conn:
        chunks = list(csv_stream(conn, query, columns))
        stored = conn.execute(query).all()  # as the database gives them back (SQLite stores -0.0 as 0)
    assert len(stored) == len(rows)
    assert "".join(chunks) == reference_csv(columns, stored)
    assert chunks[0] == "\ufefftext,number,count,flag\r\n"
    data_chunks = chunks[1:]
    assert len(data_chunks) == -(-len(rows) // batch)  # one chunk per batch: never the whole result at once


def test_csv_stream_sends_the_header_before_running_the_query(table_engine):
    from sqlalchemy import event
    engine, table = table_engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with engine.connect() as conn:
        chunks = csv_stream(conn, select(table.c.text).order_by(table.c.id), ("text",))
        assert next(chunks) == "\ufefftext\r\n" and statements == []
        assert list(chunks) == [] and len(statements) == 1  # no rows: the header alone


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_csv_byte_batches_are_the_utf8_of_csv_stream_and_batched(monkeypatch, table_engine, batch):
    """The bytes path (SQLite text read as bytes, never decoded) writes exactly what the text path streams."""
    from db.csv_encoding import csv_byte_batches
    monkeypatch.setattr(csv_encoding, "BATCH_ROWS", batch)
    engine, table = table_engine
    rows = [row[:4] for row in tricky_rows(60, seed=5)]
    with engine.begin() as conn:
        conn.execute(table.insert(), [dict(zip(("text", "number", "count", "flag"), row)) for row in rows])
    columns = ("text", "number", "count", "flag")
    query = select(table.c.text, table.c.number, table.c["count"], table.c.flag).order_by(table.c.id)
    with engine.connect() as conn:
        batches = list(csv_byte_batches(conn, query, columns))
        stored = conn.execute(query).all()
        assert type(stored[0].text) is str  # the connection reads text as text again afterwards
    assert b"".join(data for _n, data in batches) == reference_csv(columns, stored).encode()
    assert [n for n, _data in batches] == [0] + [min(batch, len(rows) - i) for i in range(0, len(rows), batch)]


def test_csv_byte_batches_of_a_column_without_a_type(tmp_path):
    """A column of no declared type holds text, numbers and flags side by side: each cell by its own type."""
    from db.csv_encoding import csv_byte_batches
    engine = create_engine(f"sqlite:///{tmp_path / 'mixed.db'}")
    table = Table("mixed", MetaData(), Column("id", Integer, primary_key=True), Column("anything"))
    values = TRICKY_MIXED + TRICKY_TEXT
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE mixed (id INTEGER PRIMARY KEY, anything)")  # no type: no affinity
        conn.execute(table.insert(), [{"anything": v} for v in values])
    with engine.connect() as conn:
        query = select(table.c.anything).order_by(table.c.id)
        got = b"".join(data for _n, data in csv_byte_batches(conn, query, ("anything",)))
        assert got == "".join(csv_stream(conn, query, ("anything",))).encode()
    engine.dispose()
