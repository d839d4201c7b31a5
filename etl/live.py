"""What the live database holds, as the build and the refresh see it before they replace it.

A live SQLite file that cannot be read as a database (random bytes, a truncated copy) is not
"no data" silently: `take_stock` moves it to data/history/unreadable/ and says so, and the build
then proceeds as if there were no live data.
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


class LiveUnreadable(RuntimeError):
    """The live database exists but is not a readable database."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: not a readable database ({reason})")
        self.path, self.reason = path, reason


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
                if _no_table(exc):  # an empty database: no live data yet
                    return None
                raise
            last = conn.execute(select(EtlRun.input_hashes).order_by(EtlRun.id.desc()).limit(1)).scalar()
            try:
                snapshot = statement_snapshot(conn) if with_snapshot else {}
            except (OperationalError, ProgrammingError):  # built by an older version of the schema
                snapshot = {}
            return {"data_version": facts.get("data_version", ""),
                    "schema_version": facts.get("schema_version", ""),
                    "input_hashes": json.loads(last) if last else {},
                    "snapshot": snapshot}
    except DatabaseError as exc:
        if not is_sqlite(url) or not sqlite_path(url).is_file():
            raise  # a server we cannot reach, or not a file: not ours to replace
        raise LiveUnreadable(sqlite_path(url), error_reason(exc)) from None
    finally:
        engine.dispose()


def _no_table(exc: DatabaseError) -> bool:
    reason = error_reason(exc)
    return "no such table" in reason or ("does not exist" in reason and "relation" in reason)


def take_stock(url: str) -> tuple[dict | None, str]:
    """The live state for a build that is about to replace it, and a note for its summary.

    Call under the refresh lock: an unreadable live SQLite file is moved aside (kept for a post-mortem)
    and the build goes on as if there were no live database."""
    try:
        return live_state(url), ""
    except LiveUnreadable as exc:
        aside = set_aside(exc.path)
        return None, (f"the live database {exc.path} was unreadable ({exc.reason}); it was moved to {aside} "
                      "and this build treats it as no live data")
