"""Build beside, streamed: a new database filled table by table (large tables from iterators), checked,
then swapped in, as db/write.py does for a dataset held in memory.

SQLite: a new file beside the live one (journal off while it is filled: a crash only loses the
file), then `os.replace`. PostgreSQL: a new schema, then renamed to the live one in one
transaction, under the writers' advisory lock. The live database is reachable from the build's
connection (`old(name)`) so the change log can be computed in SQL (db/changelog_sql.py).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection

import paths

from . import pg_history, write
from .engine import PG_SCHEMA, is_sqlite, sqlite_path
from .history import archive_live, history_dir, prune
from .schema import Base
from .write import (
    AFTER_SWAP,
    AFTER_WRITE,
    BUILD_SCHEMA,
    MID_WRITE,
    OLD_SCHEMA,
    PG_WRITE_LOCK,
    BuildCheckFailed,
    _no_phase,
    _previous_runs,
)

COPY_BATCH = 5000


class BuildBeside:
    """with BuildBeside(url) as b: b.insert(...); b.stream(...); b.finish(counts)"""

    def __init__(self, url: str, keep: int = 0, on_phase=_no_phase):
        self.url, self.keep, self.sqlite, self.on_phase = url, keep, is_sqlite(url), on_phase
        self.previous_runs: list[dict] = []
        self.live_exists = False
        self._done = False

    # --- open -----------------------------------------------------------------------------------------
    def __enter__(self) -> BuildBeside:
        if self.sqlite:
            self._open_sqlite()
        else:
            self._open_postgres()
        return self

    def _open_sqlite(self) -> None:
        self.live = sqlite_path(self.url)
        self.live.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = paths.build_file(self.live, os.getpid())
        self.tmp.unlink(missing_ok=True)
        self.live_exists = self.live.exists()
        self.engine = create_engine(f"sqlite:///file:{self.tmp}?uri=true")
        Base.metadata.create_all(self.engine)
        self.conn = self.engine.connect()
        raw = self.conn.connection.driver_connection
        raw.execute("PRAGMA journal_mode=OFF")  # a crash loses only this file, which is discarded anyway
        raw.execute("PRAGMA synchronous=OFF")   # the file is fsynced before the swap
        if self.live_exists:
            raw.execute("ATTACH DATABASE ? AS live", (f"file:{self.live.resolve()}?mode=ro",))
            self.previous_runs = _previous_runs_attached(self.conn)

    def _open_postgres(self) -> None:
        self.engine = create_engine(self.url)
        self.guard = self.engine.connect()  # one writer at a time: builds share the schema names
        self.guard.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_WRITE_LOCK})
        self.guard.commit()
        with self.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{BUILD_SCHEMA}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{BUILD_SCHEMA}"'))
        self.live_exists = PG_SCHEMA in inspect(self.engine).get_schema_names()
        if self.live_exists:
            with self.engine.execution_options(schema_translate_map={None: PG_SCHEMA}).connect() as conn:
                self.previous_runs = _previous_runs(conn)
        self.conn = self.engine.execution_options(schema_translate_map={None: BUILD_SCHEMA}).connect()
        Base.metadata.create_all(self.conn)

    # --- names for SQL text ---------------------------------------------------------------------------
    def new(self, table: str) -> str:
        return table if self.sqlite else f'"{BUILD_SCHEMA}"."{table}"'

    def old(self, table: str) -> str | None:
        """The live database's table, or None when there is none."""
        if not self.live_exists:
            return None
        if self.sqlite:
            has = self.conn.exec_driver_sql(
                "SELECT 1 FROM live.sqlite_master WHERE type='table' AND name=?", (table,)).first()
            return f"live.{table}" if has else None
        with self.engine.connect() as conn:
            has = inspect(conn).has_table(table, schema=PG_SCHEMA)
        return f'"{PG_SCHEMA}"."{table}"' if has else None

    # --- fill -----------------------------------------------------------------------------------------
    def insert(self, table: str, rows: list[dict]) -> None:
        if rows:
            self.conn.execute(Base.metadata.tables[table].insert(), rows)

    def stream(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
        """Rows (tuples in `columns` order) from an iterator, never all in memory: SQLite's executemany
        reads the iterator as it goes; PostgreSQL gets them through COPY."""
        cursor = self.conn.connection.driver_connection.cursor()
        names = ", ".join(f'"{c}"' for c in columns)
        try:
            if self.sqlite:
                marks = ", ".join("?" * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            else:
                with cursor.copy(f"COPY {self.new(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        finally:
            cursor.close()

    # --- check and swap -------------------------------------------------------------------------------
    def finish(self, written) -> None:
        """Check the counts of `written` (anything with counts()), commit, check the file, swap it in."""
        self.on_phase(MID_WRITE)
        write._check_counts(self.conn, written)  # looked up here: one check for both writers
        self.conn.commit()
        if self.sqlite:
            self._finish_sqlite()
        else:
            self._finish_postgres()
        self._done = True

    def _finish_sqlite(self) -> None:
        raw = self.conn.connection.driver_connection
        if self.live_exists:
            raw.execute("DETACH DATABASE live")
        integrity = raw.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise BuildCheckFailed(f"integrity_check: {integrity}")
        bad_fk = raw.execute("PRAGMA foreign_key_check").fetchall()
        if bad_fk:
            raise BuildCheckFailed(f"foreign_key_check: {bad_fk[:5]}")
        self.conn.close()
        self.engine.dispose()
        with open(self.tmp, "rb") as fh:
            os.fsync(fh.fileno())
        self.on_phase(AFTER_WRITE)
        if self.keep > 0:
            archive_live(self.live)  # a link: the live path keeps naming a whole database until the swap
        os.replace(self.tmp, self.live)
        self._done = True
        self.on_phase(AFTER_SWAP)
        if self.keep > 0:
            prune(history_dir(self.live), f"{self.live.stem}-*.db", self.keep)

    def _finish_postgres(self) -> None:
        self.conn.close()
        self.on_phase(AFTER_WRITE)
        with self.engine.begin() as conn:  # the swap: one transaction
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{OLD_SCHEMA}" CASCADE'))
            if self.live_exists and self.keep > 0:
                pg_history.retire_live(conn, self.keep)
            elif self.live_exists:
                conn.execute(text(f'ALTER SCHEMA "{PG_SCHEMA}" RENAME TO "{OLD_SCHEMA}"'))
            conn.execute(text(f'ALTER SCHEMA "{BUILD_SCHEMA}" RENAME TO "{PG_SCHEMA}"'))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{OLD_SCHEMA}" CASCADE'))
        self._done = True
        self.on_phase(AFTER_SWAP)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self._done:
                if not self.conn.closed:
                    self.conn.rollback()
                    self.conn.close()
                if self.sqlite:
                    self.engine.dispose()
                    Path(self.tmp).unlink(missing_ok=True)
                else:
                    with self.engine.begin() as conn:
                        conn.execute(text(f'DROP SCHEMA IF EXISTS "{BUILD_SCHEMA}" CASCADE'))
        finally:
            if not self.sqlite:
                self.guard.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_WRITE_LOCK})
                self.guard.close()
            self.engine.dispose()


def _previous_runs_attached(conn: Connection) -> list[dict]:
    """The live file's build runs, read through the attached database."""
    if not conn.exec_driver_sql("SELECT 1 FROM live.sqlite_master WHERE type='table' AND name='etl_runs'").first():
        return []
    rows = conn.exec_driver_sql("SELECT * FROM live.etl_runs ORDER BY id").mappings().all()
    return [dict(r) for r in rows]


__all__ = ["BuildBeside"]
