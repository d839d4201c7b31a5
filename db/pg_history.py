"""The last N PostgreSQL builds, kept as schemas beside the live one, for `jjj rollback`.

    jjj                      the live schema
    jjj_hist_<UTC time>      the schemas it replaced, newest last (at most N)
    jjj_rolled_<UTC time>    schemas taken out of service by a rollback

Renaming a schema is transactional, so readers see the old data or the new, never a mix.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .engine import PG_SCHEMA
from .history import NothingToRollBack, OtherSchema

HISTORY_PREFIX = PG_SCHEMA + "_hist_"
ROLLED_PREFIX = PG_SCHEMA + "_rolled_"


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dt%H%M%S%f")


def schemas(conn: Connection, prefix: str) -> list[str]:
    """Schemas named `prefix…`, oldest first (the names sort by time)."""
    rows = conn.execute(text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :p) ORDER BY nspname"),
                        {"p": prefix})
    return [r[0] for r in rows]


def prune(conn: Connection, prefix: str, keep: int) -> list[str]:
    names = schemas(conn, prefix)
    doomed = names[:max(0, len(names) - keep)]
    for name in doomed:
        conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    return doomed


def retire_live(conn: Connection, keep: int) -> None:
    """Inside the swap's transaction: move the live schema into the history, keep the newest `keep`."""
    conn.execute(text(f'ALTER SCHEMA "{PG_SCHEMA}" RENAME TO "{HISTORY_PREFIX}{stamp()}"'))
    prune(conn, HISTORY_PREFIX, keep)


def roll_back(conn: Connection, keep: int, schema: str, any_schema: bool = False) -> tuple[str, str, str]:
    """In one transaction: the newest kept schema goes live, the live one to the rolled-back list.
    A kept build of another schema version than `schema` (this code's) raises OtherSchema first, unless
    `any_schema`. Returns (the schema restored, its data version, its schema version)."""
    kept = schemas(conn, HISTORY_PREFIX)
    if not kept:
        raise NothingToRollBack("no earlier PostgreSQL build kept (schemas jjj_hist_*)")
    previous = kept[-1]
    facts = dict(conn.execute(text(f'SELECT key, value FROM "{previous}".meta '
                                   "WHERE key IN ('data_version', 'schema_version')")).all())
    version, found = facts.get("data_version"), facts.get("schema_version", "")
    if version is None:
        raise RuntimeError(f"schema {previous} has no data_version: not a complete build")
    if found != schema and not any_schema:
        raise OtherSchema(f"The newest kept build, schema {previous} (data version {version}),", found, schema)
    conn.execute(text(f'ALTER SCHEMA "{PG_SCHEMA}" RENAME TO "{ROLLED_PREFIX}{stamp()}"'))
    conn.execute(text(f'ALTER SCHEMA "{previous}" RENAME TO "{PG_SCHEMA}"'))
    prune(conn, ROLLED_PREFIX, keep)
    return previous, version, found
