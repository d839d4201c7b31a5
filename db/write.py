"""Write a whole dataset, build-then-swap: readers see the old data or the new, never a mix.

SQLite: a new file beside the live one, checked (integrity, foreign keys, counts), then
`os.replace`d over it. PostgreSQL: a new schema, checked, then renamed to the live schema in
one transaction. A failure at any point leaves the live database as it was.
"""
from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection

import paths

from . import pg_history
from .engine import PG_SCHEMA, is_sqlite, sqlite_path
from .history import archive_live, history_dir, prune
from .page_summaries import summary_problem, write_page_summaries
from .schema import DATA_TABLES, SCHEMA_VERSION, Base, Change, EtlRun

BUILD_SCHEMA = PG_SCHEMA + "_build"
OLD_SCHEMA = PG_SCHEMA + "_old"
PG_WRITE_LOCK = 7_211_014  # the advisory lock key every writer of this database takes


# The points of a write that the caller's `on_phase` hears of (fault injection: etl/faults.py).
MID_WRITE, AFTER_WRITE, AFTER_SWAP = "mid-write", "after-write", "after-swap"


def _no_phase(_phase: str) -> None:
    pass


class BuildCheckFailed(RuntimeError):
    pass


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _meta_rows(dataset, built_at: str) -> list[dict]:
    facts = {
        "data_version": dataset.data_version,
        "built_at": built_at,
        "schema_version": SCHEMA_VERSION,
        "counts": json.dumps(dataset.counts(), sort_keys=True),
    }
    if getattr(dataset, "pending_drafts", None):  # documents `jjj draft` proposed, waiting for review
        facts["pending_drafts"] = json.dumps(dataset.pending_drafts, ensure_ascii=False)
    return [{"key": k, "value": v} for k, v in facts.items()]


def _fill(conn: Connection, dataset, previous_runs: list[dict], run: dict,
          previous_changes: list[dict] = (), changes: list[dict] = ()) -> None:
    tables = Base.metadata.tables
    for name in DATA_TABLES:
        rows = getattr(dataset, name)
        if rows:
            conn.execute(tables[name].insert(), rows)
    write_page_summaries(conn)
    conn.execute(tables["meta"].insert(), _meta_rows(dataset, run["finished_at"]))
    runs = previous_runs + [run]
    for i, r in enumerate(runs, 1):
        r["id"] = i
    conn.execute(tables["etl_runs"].insert(), runs)
    log = list(previous_changes) + [{**c, "run_id": run["id"]} for c in changes]
    for i, c in enumerate(log, 1):
        c["id"] = i
    if log:
        conn.execute(tables["changes"].insert(), log)


def _check_counts(conn: Connection, dataset) -> None:
    """The rows each table was given are there, and the pages' summaries cover them (both writers' check)."""
    tables = Base.metadata.tables
    for name, expected in dataset.counts().items():
        got = conn.execute(select(func.count()).select_from(tables[name])).scalar_one()
        if got != expected:
            raise BuildCheckFailed(f"table {name}: {got} rows written, {expected} expected")
    problem = summary_problem(conn)
    if problem:
        raise BuildCheckFailed(problem)


def _has_table(conn: Connection, name: str) -> bool:
    """inspect() ignores schema_translate_map: name PostgreSQL's live schema explicitly."""
    schema = None if conn.dialect.name == "sqlite" else PG_SCHEMA
    return inspect(conn).has_table(name, schema=schema)


def _previous_runs(conn: Connection | None) -> list[dict]:
    if conn is None or not _has_table(conn, "etl_runs"):
        return []
    rows = conn.execute(select(EtlRun.__table__).order_by(EtlRun.id)).mappings().all()
    return [dict(r) for r in rows]


def _previous_changes(conn: Connection | None) -> list[dict]:
    """The change log so far (absent in databases built before it existed)."""
    if conn is None or not _has_table(conn, "changes"):
        return []
    schema = None if conn.dialect.name == "sqlite" else PG_SCHEMA
    present = {c["name"] for c in inspect(conn).get_columns("changes", schema=schema)}
    columns = [c for c in Change.__table__.c if c.name in present]  # an older log lacks the quotes: None
    missing = {c.name: None for c in Change.__table__.c if c.name not in present}
    return [{**missing, **r} for r in conn.execute(select(*columns).order_by(Change.id)).mappings()]


def _run_row(dataset, started_at: str, message: str, status: str = "ok") -> dict:
    return {
        "started_at": started_at,
        "finished_at": now_iso(),
        "status": status,
        "data_version": dataset.data_version,
        "input_hashes": json.dumps(dataset.input_hashes, sort_keys=True),
        "counts": json.dumps(dataset.counts(), sort_keys=True),
        "message": message,
    }


def write_dataset(dataset, url: str, started_at: str | None = None, message: str = "build",
                  changes: list[dict] | None = None, status: str = "ok", keep: int = 0,
                  on_phase=_no_phase) -> dict:
    """Write `dataset` to the database at `url` and swap it in. Returns the run record.

    `changes`: this build's change log (etl/changelog.py), appended to the one carried over.
    `keep`: keep that many replaced databases for `jjj rollback` (SQLite: files in data/history;
    PostgreSQL: schemas jjj_hist_*).
    """
    started_at = started_at or now_iso()
    extra = {"changes": changes or [], "status": status, "on_phase": on_phase}
    if is_sqlite(url):
        return _write_sqlite(dataset, sqlite_path(url), started_at, message, keep=keep, **extra)
    return _write_postgres(dataset, url, started_at, message, keep=keep, **extra)


def _write_sqlite(dataset, live: Path, started_at: str, message: str, keep: int = 0,
                  changes: list[dict] = (), status: str = "ok", on_phase=_no_phase) -> dict:
    live.parent.mkdir(parents=True, exist_ok=True)
    tmp = paths.build_file(live, os.getpid())
    tmp.unlink(missing_ok=True)
    previous, previous_changes = [], []
    if live.exists():
        old = create_engine(f"sqlite:///file:{live.resolve()}?mode=ro&uri=true")
        try:
            with old.connect() as conn:
                previous = _previous_runs(conn)
                previous_changes = _previous_changes(conn)
        finally:
            old.dispose()
    engine = create_engine(f"sqlite:///{tmp}")
    try:
        run = _run_row(dataset, started_at, message, status)
        Base.metadata.create_all(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            _fill(conn, dataset, previous, run, previous_changes, changes)
        on_phase(MID_WRITE)
        with engine.connect() as conn:
            integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()
            if integrity != "ok":
                raise BuildCheckFailed(f"integrity_check: {integrity}")
            bad_fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if bad_fk:
                raise BuildCheckFailed(f"foreign_key_check: {bad_fk[:5]}")
            _check_counts(conn, dataset)
        engine.dispose()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        on_phase(AFTER_WRITE)
        if keep > 0:
            archive_live(live)  # a link: the live path keeps naming a whole database until the swap
        os.replace(tmp, live)
        on_phase(AFTER_SWAP)
        if keep > 0:
            prune(history_dir(live), f"{live.stem}-*.db", keep)
        return run
    except BaseException:
        engine.dispose()
        tmp.unlink(missing_ok=True)
        raise


def _write_postgres(dataset, url: str, started_at: str, message: str, keep: int = 0,
                    changes: list[dict] = (), status: str = "ok", on_phase=_no_phase) -> dict:
    engine = create_engine(url)
    # One writer at a time: builds share the schema names, so a second one waits here.
    guard = engine.connect()
    guard.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_WRITE_LOCK})
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{BUILD_SCHEMA}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{BUILD_SCHEMA}"'))
        build = engine.execution_options(schema_translate_map={None: BUILD_SCHEMA})
        live_exists = PG_SCHEMA in inspect(engine).get_schema_names()
        previous, previous_changes = [], []
        if live_exists:
            with engine.execution_options(schema_translate_map={None: PG_SCHEMA}).connect() as conn:
                previous = _previous_runs(conn)
                previous_changes = _previous_changes(conn)
        run = _run_row(dataset, started_at, message, status)
        with build.begin() as conn:
            Base.metadata.create_all(conn)
            _fill(conn, dataset, previous, run, previous_changes, changes)
            on_phase(MID_WRITE)
            _check_counts(conn, dataset)
        on_phase(AFTER_WRITE)
        with engine.begin() as conn:  # the swap: one transaction
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{OLD_SCHEMA}" CASCADE'))
            if live_exists and keep > 0:
                pg_history.retire_live(conn, keep)
            elif live_exists:
                conn.execute(text(f'ALTER SCHEMA "{PG_SCHEMA}" RENAME TO "{OLD_SCHEMA}"'))
            conn.execute(text(f'ALTER SCHEMA "{BUILD_SCHEMA}" RENAME TO "{PG_SCHEMA}"'))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{OLD_SCHEMA}" CASCADE'))
        on_phase(AFTER_SWAP)
        return run
    except BaseException:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{BUILD_SCHEMA}" CASCADE'))
        raise
    finally:
        guard.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_WRITE_LOCK})
        guard.close()
        engine.dispose()


def rollback_postgres(url: str, keep: int, any_schema: bool = False) -> tuple[str, str, str]:
    """Put the newest kept PostgreSQL build back in service, under the writers' lock (db/pg_history.roll_back)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
            return pg_history.roll_back(conn, keep, SCHEMA_VERSION, any_schema)
    finally:
        engine.dispose()
