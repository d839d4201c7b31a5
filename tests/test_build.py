"""Build-then-swap, determinism, read-only readers, and the same code on PostgreSQL."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import InternalError, OperationalError

import db.write
from db.engine import read_engine, sqlite_url
from db.export import iter_tidy_rows
from db.schema import DATA_TABLES, Base, Meta, Observation
from etl.build import build
from tests.minicatalog import make_one_figure_approximate, write_mini_catalog


def table_dump(url: str, schema_map=None) -> dict:
    engine = create_engine(url)
    if schema_map:
        engine = engine.execution_options(schema_translate_map=schema_map)
    out = {}
    with engine.connect() as conn:
        for name in DATA_TABLES:
            table = Base.metadata.tables[name]
            out[name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    engine.dispose()
    return out


@pytest.fixture()
def entry(tmp_path):
    return write_mini_catalog(tmp_path / "cat")


def test_two_builds_from_the_same_inputs_are_identical(entry, tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    ds_a, _ = build(entry, sqlite_url(a))
    ds_b, _ = build(entry, sqlite_url(b))
    assert ds_a.data_version == ds_b.data_version
    assert table_dump(sqlite_url(a)) == table_dump(sqlite_url(b))


def test_a_changed_input_changes_the_data_version(entry, tmp_path):
    ds_a, _ = build(entry, sqlite_url(tmp_path / "a.db"))
    make_one_figure_approximate(entry)
    ds_b, _ = build(entry, sqlite_url(tmp_path / "b.db"))
    assert ds_a.data_version != ds_b.data_version


def test_a_failed_write_leaves_the_live_database_as_it_was(entry, tmp_path, monkeypatch):
    live = tmp_path / "live.db"
    build(entry, sqlite_url(live))
    before = hashlib.sha256(live.read_bytes()).hexdigest()

    def broken_check(conn, dataset):
        raise db.write.BuildCheckFailed("simulated: counts differ")

    monkeypatch.setattr(db.write, "_check_counts", broken_check)
    with pytest.raises(db.write.BuildCheckFailed):
        build(entry, sqlite_url(live))
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cat", "live.db"]


def test_reader_sees_the_swapped_in_file_and_cannot_write(entry, tmp_path):
    live = tmp_path / "live.db"
    build(entry, sqlite_url(live))
    reader = read_engine(sqlite_url(live))
    with reader.connect() as conn:
        first = conn.execute(select(func.count()).select_from(Observation)).scalar_one()
        with pytest.raises(OperationalError):
            conn.execute(text("DELETE FROM observations"))
    # remove one statement and rebuild: the same reader engine sees the new file
    obs = entry.parent / "catalog/observations/doc-b.yaml"
    text_ = obs.read_text(encoding="utf-8")
    cut = text_.index("  - indicator: exports-value\n    region: tianjin\n    kind: change")
    obs.write_text(text_[:cut], encoding="utf-8")
    build(entry, sqlite_url(live))
    with reader.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Observation)).scalar_one() < first


def test_build_records_runs_and_meta(entry, tmp_path):
    live = tmp_path / "live.db"
    build(entry, sqlite_url(live))
    build(entry, sqlite_url(live))
    engine = read_engine(sqlite_url(live))
    with engine.connect() as conn:
        meta = dict(conn.execute(select(Meta.key, Meta.value)).all())
        runs = conn.execute(text("SELECT id, status FROM etl_runs ORDER BY id")).all()
    assert len(meta["data_version"]) == 16 and meta["built_at"]
    assert [tuple(r) for r in runs] == [(1, "ok"), (2, "ok")]


@pytest.mark.postgres
def test_postgres_gives_the_same_content_as_sqlite(entry, tmp_path, pg_url):
    build(entry, sqlite_url(tmp_path / "a.db"))
    build(entry, pg_url)  # into an empty database
    build(entry, pg_url)  # a second build swaps the schema in place
    assert table_dump(pg_url, {None: "jjj"}) == table_dump(sqlite_url(tmp_path / "a.db"))
    reader = read_engine(pg_url)
    with reader.connect() as conn:
        rows = list(iter_tidy_rows(conn, indicator="container-throughput"))
        runs = conn.execute(text("SELECT id, status FROM etl_runs ORDER BY id")).all()
        with pytest.raises(InternalError, match="read-only transaction"):
            conn.execute(text("DELETE FROM observations"))
    assert [tuple(r) for r in runs] == [(1, "ok"), (2, "ok")]  # the run history is carried over
    assert {r["period"] for r in rows} == {"2023", "2024"}
    reader.dispose()


@pytest.mark.postgres
def test_postgres_failed_build_keeps_the_live_schema(entry, pg_url, monkeypatch):
    build(entry, pg_url)
    before = table_dump(pg_url, {None: "jjj"})
    monkeypatch.setattr(db.write, "_check_counts",
                        lambda conn, ds: (_ for _ in ()).throw(db.write.BuildCheckFailed("simulated")))
    with pytest.raises(db.write.BuildCheckFailed):
        build(entry, pg_url)
    assert table_dump(pg_url, {None: "jjj"}) == before


def test_build_is_refused_while_a_refresh_holds_the_lock(entry, tmp_path):
    from typer.testing import CliRunner

    from cli.main import app
    from etl.lock import EXIT_LOCKED, RefreshLock
    from etl.refresh import RefreshOptions, lock_path
    live = tmp_path / "live.db"
    with RefreshLock(lock_path(RefreshOptions(entry, sqlite_url(live)))):
        result = CliRunner().invoke(app, ["build", "--catalog", str(entry), "--db", str(live)])
    assert result.exit_code == EXIT_LOCKED
    assert "nothing was done" in result.output
    assert not live.exists()


@pytest.mark.postgres
def test_postgres_writers_take_turns(entry, pg_url):
    import threading
    errors = []

    def one():
        try:
            build(entry, pg_url)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert errors == []
    engine = read_engine(pg_url)
    with engine.connect() as conn:
        runs = conn.execute(text("SELECT count(*) FROM etl_runs")).scalar_one()
    engine.dispose()
    assert runs == 3  # no build lost another's run record


def test_serve_knows_when_the_database_must_be_built(entry, tmp_path):
    from etl.build import needs_build
    live = tmp_path / "live.db"
    assert needs_build(entry, sqlite_url(live)) == "there is no database yet"
    build(entry, sqlite_url(live))
    assert needs_build(entry, sqlite_url(live)) is None
    obs = entry.parent / "catalog/observations/doc-b.yaml"
    obs.write_text(obs.read_text(encoding="utf-8") + "\n# a comment is a change of input\n", encoding="utf-8")
    assert needs_build(entry, sqlite_url(live)) == "the catalog or a document changed since it was built"
    build(entry, sqlite_url(live))
    import sqlite3
    with sqlite3.connect(live) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    assert "built with schema 1" in needs_build(entry, sqlite_url(live))


@pytest.mark.postgres
def test_postgres_keeps_builds_and_rolls_back(entry, pg_url):
    from etl.build import check, process
    from etl.refresh import RefreshOptions, rollback
    first = process(check(entry))
    make_one_figure_approximate(entry)
    second = process(check(entry))
    assert first.data_version != second.data_version
    db.write.write_dataset(first, pg_url, keep=2)
    db.write.write_dataset(second, pg_url, keep=2)  # the first build goes to the history
    rollback(RefreshOptions(entry, pg_url, keep=2))
    reader = read_engine(pg_url)
    with reader.connect() as conn:
        assert conn.execute(select(Meta.value).where(Meta.key == "data_version")).scalar_one() == first.data_version
    reader.dispose()
    for _ in range(4):
        db.write.write_dataset(second, pg_url, keep=2)
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'jjj_hist_%'")).scalar_one()
    engine.dispose()
    assert kept == 2  # pruned to keep=2
