"""What the live database holds, as the build and the refresh see it before they replace it.

A live SQLite file that cannot be read as a database (a damaged or truncated copy) is not "no data"
silently: `take_stock` moves it to data/history/unreadable/ and says so, and the build then proceeds
as if there were no live data. A file that never was one of ours (not SQLite at all, or another
program's database, e.g. a mistyped `--db`) is refused instead: `NotOurDatabase`.
"""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError

from db.engine import error_reason, is_sqlite, read_engine, sqlite_path
from db.history import set_aside
from db.queries import meta, statement_snapshot
from db.schema import EtlRun

from .changelog import COMPARED


class LiveUnreadable(RuntimeError):
    """The live database exists but is not a readable database."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: not a readable database ({reason})")
        self.path, self.reason = path, reason


class NotOurDatabase(LiveUnreadable):
    """The file at the database's path is not ours to replace: not SQLite at all, or another program's
    database. A build refuses it rather than moving it aside and building over it."""

    def __init__(self, path: Path, reason: str):
        RuntimeError.__init__(self, f"{path} is not a database of ours ({reason}): refusing to replace it. "
                                    "Move it away or name another file with --db")
        self.path, self.reason = path, reason


SQLITE_HEADER = b"SQLite format 3\x00"


def _sqlite_header(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(len(SQLITE_HEADER))


def _other_tables(conn) -> list[str]:
    if conn.dialect.name != "sqlite":
        return []
    return [r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def live_state(url: str, with_snapshot: bool = True) -> dict | None:
    """The live database's version, its build's input hashes and (for a change log, `with_snapshot`)
    its statements; None: no database. Raises LiveUnreadable when a SQLite file is there but cannot
    be read as a database."""
    try:
        engine = read_engine(url)
    except FileNotFoundError:
        return None
    try:
        with engine.connect() as conn:
            try:
                facts = meta(conn)
            except (OperationalError, ProgrammingError) as exc:
                if not _no_table(exc):
                    raise
                tables = _other_tables(conn)
                if tables:  # someone else's database: never ours to build over
                    raise NotOurDatabase(sqlite_path(url), "it holds the tables " + ", ".join(tables[:5])) from None
                return None  # an empty database: no live data yet
            last = conn.execute(select(EtlRun.input_hashes).order_by(EtlRun.id.desc()).limit(1)).scalar()
            try:
                snapshot = statement_snapshot(conn, COMPARED) if with_snapshot else {}
            except (OperationalError, ProgrammingError):  # built by an older version of the schema
                snapshot = {}
            return {"data_version": facts.get("data_version", ""),
                    "schema_version": facts.get("schema_version", ""),
                    "input_hashes": json.loads(last) if last else {},
                    "snapshot": snapshot}
    except DatabaseError as exc:
        if not is_sqlite(url) or not sqlite_path(url).is_file():
            raise  # a server we cannot reach, or not a file: not ours to replace
        path = sqlite_path(url)
        header = _sqlite_header(path)
        if header != SQLITE_HEADER:  # a damaged database of ours still starts like one; this never was one
            raise NotOurDatabase(path, f"not a SQLite database: it starts with {header[:8]!r}") from None
        raise LiveUnreadable(path, error_reason(exc)) from None
    finally:
        engine.dispose()


def _no_table(exc: DatabaseError) -> bool:
    reason = error_reason(exc)
    return "no such table" in reason or ("does not exist" in reason and "relation" in reason)


def take_stock(url: str, with_snapshot: bool = True) -> tuple[dict | None, str]:
    """The live state for a build that is about to replace it, and a note for its summary.

    Call under the refresh lock: an unreadable live SQLite file is moved aside (kept for a post-mortem)
    and the build goes on as if there were no live database."""
    try:
        return live_state(url, with_snapshot=with_snapshot), ""
    except NotOurDatabase:
        raise
    except LiveUnreadable as exc:
        aside = set_aside(exc.path)
        return None, (f"the live database {exc.path} was unreadable ({exc.reason}); it was moved to {aside} "
                      "and this build treats it as no live data")


def last_run(url: str) -> dict | None:
    """The live database's newest `etl_runs` row (started_at, status, data_version, …); None when there is
    none or it cannot be read. What a run killed mid-swap is checked against: did its database go live?"""
    try:
        engine = read_engine(url)
    except FileNotFoundError:
        return None
    try:
        with engine.connect() as conn:
            row = conn.execute(select(EtlRun.__table__).order_by(EtlRun.id.desc()).limit(1)).mappings().first()
            return dict(row) if row else None
    except DatabaseError:
        return None
    finally:
        engine.dispose()


def is_live(url: str, data_version: str, started_at: str) -> bool:
    """Whether the build that started at `started_at` with `data_version` is the live database's newest run."""
    run = last_run(url)
    return run is not None and (run["data_version"], run["started_at"]) == (data_version, started_at)
