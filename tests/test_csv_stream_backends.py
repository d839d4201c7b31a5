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


def _statements(engine, table) -> list[str]:
    from sqlalchemy import event
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    try:
        with engine.connect() as conn:
            "".join(table.csv(conn))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return sent


def test_sqlite_reads_ids_and_fills_names_from_lookups(built_url):
    """SQLite: the rows without names, and each lookup once (a connection reads one file, swapped or not)."""
    engine, table = read_engine(built_url), EXPORT_TABLES["observations"]
    try:
        sent = _statements(engine, table)
    finally:
        engine.dispose()
    rows = [s for s in sent if "observations" in s]
    assert len(rows) == 1 and "JOIN" not in rows[0] and "indicators.zh" not in rows[0]
    assert sum("FROM indicators" in s or "FROM regions" in s or "FROM documents" in s for s in sent) == 3


@pytest.mark.postgres
def test_postgres_reads_rows_and_names_in_one_statement(pg_engine):
    """PostgreSQL: a swap renames schemas between two statements, so names come joined to their rows."""
    sent = _statements(pg_engine, EXPORT_TABLES["observations"])
    rows = [s for s in sent if "observations" in s]
    assert len(rows) == 1 and "JOIN" in rows[0] and "indicators.zh" in rows[0]
    assert not any("FROM indicators" in s or "FROM regions" in s or "FROM documents" in s for s in sent)
