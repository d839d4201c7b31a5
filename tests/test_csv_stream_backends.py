"""Every download table streams, on SQLite and PostgreSQL, the bytes csv.writer gives for its rows."""
from __future__ import annotations

import pytest

from db.engine import read_engine
from db.export_tables import EXPORT_TABLES
from etl.build import build
from tests.test_csv_encoding import reference_csv

FILTERS = [("observations", {}), ("observations", {"theme": "transport"}),
           ("observations", {"theme": "transport", "kind": "target"}),
           ("observations", {"indicator": "container-throughput"}), ("targets", {}), ("progress", {})]


def reference(engine, table, filters) -> str:
    with engine.connect() as conn:
        rows = [tuple(row[c] for c in table.columns) for row in table.rows(conn, **filters)]
    assert rows, "no rows: the comparison would prove nothing"
    return reference_csv(table.columns, rows)


def streamed(engine, table, filters) -> str:
    """The table's CSV text, checked against its bytes (what `jjj export` and the downloads write)."""
    with engine.connect() as conn:
        text = "".join(table.csv(conn, **filters))
        assert b"".join(data for _n, data in table.csv_bytes(conn, **filters)) == text.encode()
    return text


@pytest.mark.parametrize("name, filters", FILTERS)
def test_sqlite(built_url, name, filters):
    engine, table = read_engine(built_url), EXPORT_TABLES[name]
    try:
        assert streamed(engine, table, filters) == reference(engine, table, filters)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def pg_engine(catalog_entry, pg_url_module):
    build(catalog_entry, pg_url_module)
    engine = read_engine(pg_url_module)
    yield engine
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("name, filters", FILTERS)
def test_postgres_streams_the_same_bytes_as_sqlite(built_url, pg_engine, name, filters):
    sqlite_engine, table = read_engine(built_url), EXPORT_TABLES[name]
    try:
        assert streamed(pg_engine, table, filters) == streamed(sqlite_engine, table, filters) \
            == reference(pg_engine, table, filters)
    finally:
        sqlite_engine.dispose()
