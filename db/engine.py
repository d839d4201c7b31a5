"""Where the database is, and how to open it.

SQLite (a file, `data/jjj.db` unless told otherwise) is the default; `DATABASE_URL` pointing at
PostgreSQL switches every command to it. Readers open SQLite read-only and without a pool, so
each request sees the file that a build swapped in; on PostgreSQL the live tables sit in the
schema `jjj`, swapped by renaming.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

DEFAULT_SQLITE_PATH = Path("data") / "jjj.db"
PG_SCHEMA = "jjj"


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def database_url(db_path: Path | str | None = None) -> str:
    """An explicit SQLite path wins; then DATABASE_URL; then the default SQLite file."""
    if db_path:
        return sqlite_url(db_path)
    env = os.environ.get("DATABASE_URL", "").strip()
    if env:
        return normalize_url(env)
    return sqlite_url(Path(os.environ.get("JJJ_DB", DEFAULT_SQLITE_PATH)))


class DatabaseConfigError(ValueError):
    """A database URL this product cannot use."""


def normalize_url(url: str) -> str:
    """Accept postgres:// and postgresql:// (driven by psycopg 3) and sqlite:///; refuse the rest."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if url.startswith("sqlite:///"):
        return url
    scheme = url.split(":", 1)[0] if ":" in url else url
    raise DatabaseConfigError(f"DATABASE_URL must be postgresql://user:password@host/database (or unset for "
                              f"SQLite); {scheme!r} is not supported")


def describe_url(url: str) -> str:
    """Where the data is, for messages: the SQLite file, or the server URL without its password."""
    u = make_url(url)
    return u.database if u.get_backend_name() == "sqlite" else u.render_as_string(hide_password=True)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database)


def error_reason(exc: Exception) -> str:
    """The driver's own first line of a database error, without SQLAlchemy's SQL and links."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def read_engine(url: str) -> Engine:
    """An engine that can only read. SQLite: mode=ro, query_only, no pool (sees swaps)."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if not path.exists():
            raise FileNotFoundError(f"no database at {path}: run `jjj build` first")
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", poolclass=NullPool)

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_conn, _record):
            dbapi_conn.execute("PRAGMA query_only=ON")

        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)

    @event.listens_for(engine, "connect")
    def _pg_read_only(dbapi_conn, _record):
        with dbapi_conn.cursor() as cur:
            cur.execute("SET default_transaction_read_only = on")
        dbapi_conn.commit()

    return engine.execution_options(schema_translate_map={None: PG_SCHEMA})
