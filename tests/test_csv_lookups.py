"""Names filled in by the CSV encoders from a small table (db.csv_encoding.Lookup) give the bytes of the SQL join."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import Column, Float, ForeignKey, Integer, MetaData, Table, Text, create_engine, select

from db import csv_encoding, export
from db.csv_encoding import Lookup, csv_byte_batches, csv_stream
from tests.test_csv_encoding import TRICKY_TEXT, reference_csv

META = MetaData()
THINGS = Table("things", META, Column("id", Text, primary_key=True), Column("name", Text), Column("label", Text))
ROWS = Table("rows", META, Column("id", Integer, primary_key=True), Column("thing_id", ForeignKey("things.id")),
             Column("value", Float), Column("note", Text))
COLUMNS = ("thing_id", "name", "label", "value", "note")
LOOKUPS = (Lookup("thing_id", select(THINGS.c.id.label("thing_id"), THINGS.c.name, THINGS.c.label)),)
IDS = ["plain", "=cmd", "a,b", 'say "hi"', "两行\n", "-1", "集装箱"]


@pytest.fixture()
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'lookups.db'}")
    META.create_all(engine)
    rng = random.Random(5)
    with engine.begin() as conn:
        conn.execute(THINGS.insert(), [{"id": i, "name": rng.choice(TRICKY_TEXT), "label": rng.choice(TRICKY_TEXT)}
                                       for i in IDS])
        conn.execute(ROWS.insert(), [{"thing_id": rng.choice(IDS), "value": rng.choice([1.5, None, 2e7]),
                                      "note": rng.choice(TRICKY_TEXT)} for _ in range(120)])
    yield engine
    engine.dispose()


def joined(conn) -> str:
    """The same table as the SQL join writes it: the reference."""
    query = (select(ROWS.c.thing_id, THINGS.c.name, THINGS.c.label, ROWS.c.value, ROWS.c.note)
             .join(THINGS, THINGS.c.id == ROWS.c.thing_id).order_by(ROWS.c.id))
    return reference_csv(COLUMNS, conn.execute(query).all())


IDS_ONLY = select(ROWS.c.thing_id, ROWS.c.value, ROWS.c.note, ROWS.c.id.label("sort")).order_by(ROWS.c.id)


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_filled_names_are_the_join_in_text_and_in_bytes(monkeypatch, engine, batch):
    monkeypatch.setattr(csv_encoding, "BATCH_ROWS", batch)
    with engine.connect() as conn:
        expected = joined(conn)
        assert "".join(csv_stream(conn, IDS_ONLY, COLUMNS, lookups=LOOKUPS)) == expected
        batches = list(csv_byte_batches(conn, IDS_ONLY, COLUMNS, lookups=LOOKUPS))
    assert b"".join(data for _n, data in batches) == expected.encode()
    assert sum(n for n, _data in batches) == 120 and len(batches) == 1 + -(-120 // batch)


def test_a_row_whose_id_the_lookup_lacks_is_named(engine):
    with engine.begin() as conn:
        conn.execute(ROWS.insert(), [{"thing_id": "gone", "value": 1.0, "note": "x"}])  # SQLite: no FK check
    with engine.connect() as conn:
        with pytest.raises(LookupError, match="'gone'"):
            "".join(csv_stream(conn, IDS_ONLY, COLUMNS, lookups=LOOKUPS))
        with pytest.raises(LookupError, match="b'gone'"):
            list(csv_byte_batches(conn, IDS_ONLY, COLUMNS, lookups=LOOKUPS))


def test_columns_that_do_not_match_the_query_and_lookups_are_refused(engine):
    with engine.connect() as conn, pytest.raises(ValueError, match="not the CSV's"):
        list(csv_stream(conn, IDS_ONLY, ("thing_id", "label", "name", "value", "note"), lookups=LOOKUPS))


def test_the_tidy_select_without_names_is_the_tidy_columns_less_the_lookups_names():
    slim = [c.key for c in export.tidy_query(names=False).selected_columns]
    full = [c.key for c in export.tidy_query().selected_columns]
    names = {name for lookup in export.TIDY_LOOKUPS for name in lookup.names}
    assert slim == [c for c in full if c not in names]
    assert csv_encoding.selected_width(export.tidy_query(names=False), export.TIDY_COLUMNS, export.TIDY_LOOKUPS) == \
        len(export.TIDY_COLUMNS) - len(names)
