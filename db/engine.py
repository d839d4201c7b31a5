"""Where the database is, and how to open it.

SQLite (a file, `data/jjj.db` unless told otherwise) is the default; `DATABASE_URL` pointing at
PostgreSQL switches every command to it. Readers open SQLite read-only and without a pool, so
each request sees the file that a build swapped in; on PostgreSQL the live tables sit in the
schema `jjj`, swapped by renaming.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

import paths

DEFAULT_SQLITE_PATH = paths.default_database()
PG_SCHEMA = "jjj"


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def database_url(db_path: Path | str | None = None) -> str:
    """An explicit SQLite path wins; then DATABASE_URL; then the default SQLite file.
    Raises DatabaseConfigError, naming the URL (password masked), for one that cannot work."""
    if db_path:
        return checked_sqlite_url(Path(db_path))
    env = os.environ.get("DATABASE_URL", "").strip()
    if env:
        return normalize_url(env)
    return checked_sqlite_url(Path(os.environ.get("JJJ_DB", DEFAULT_SQLITE_PATH)))


class DatabaseConfigError(ValueError):
    """A database URL this product cannot use."""


def mask_password(url: str) -> str:
    """The URL with any password replaced by ***, even when it cannot be parsed."""
    return re.sub(r"(://[^:/@]*:)[^/]*@", r"\1***@", url)


def normalize_url(url: str) -> str:
    """Accept postgres:// and postgresql:// (driven by psycopg 3) and sqlite:///path; refuse the rest."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            normalized = "postgresql+psycopg://" + url[len(prefix):]
            try:
                make_url(normalized)
            except (ValueError, ArgumentError) as exc:
                raise DatabaseConfigError(f"DATABASE_URL {mask_password(url)} cannot be read: "
                                          f"{_url_problem(url, exc)}") from None
            return normalized
    if url.startswith("sqlite:///") and url != "sqlite:///":
        return checked_sqlite_url(Path(url[len("sqlite:///"):]))
    if url.startswith("sqlite:"):
        raise DatabaseConfigError(f"DATABASE_URL {url} names no file: use sqlite:////absolute/path/jjj.db "
                                  "(four slashes), or unset it for data/jjj.db")
    scheme = url.split(":", 1)[0] if ":" in url else url
    raise DatabaseConfigError(f"DATABASE_URL must be postgresql://user:password@host/database (or unset for "
                              f"SQLite); {scheme!r} is not supported")


def _url_problem(url: str, exc: Exception) -> str:
    if "[" in url and "]" not in url:
        return "an IPv6 host has no closing ] (write it as [::1])"
    literal = re.search(r"invalid literal for int\(\) with base 10: (.*)", str(exc))
    return f"the port {literal.group(1)} is not a number" if literal else str(exc)


VIRTUAL_FILESYSTEMS = (Path("/proc"), Path("/sys"), Path("/dev"))


def checked_sqlite_url(path: Path) -> str:
    """The URL of a SQLite file that could be there: its folder exists (only the default data/ folder
    may be created by a build), is a folder, and is not a kernel's virtual filesystem."""
    path = path.resolve()
    where = f"SQLite database {path}"
    if any(path.is_relative_to(v) for v in VIRTUAL_FILESYSTEMS):
        raise DatabaseConfigError(f"{where}: {path.parts[1] and '/' + path.parts[1]} is a virtual filesystem, "
                                  "not a place for a database")
    if path.is_dir():
        raise DatabaseConfigError(f"{where}: that is a folder, not a database file")
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise DatabaseConfigError(f"{where}: {folder} is a file, not a folder")
            break
    if not path.parent.exists() and path.parent != DEFAULT_SQLITE_PATH.parent.resolve():
        raise DatabaseConfigError(f"{where}: the folder {path.parent} does not exist (create it first)")
    return sqlite_url(path)


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
    # up to 20 connections: one per gunicorn thread (`jjj serve --threads`, 16 by default) and a margin
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=15)

    @event.listens_for(engine, "connect")
    def _pg_read_only(dbapi_conn, _record):
        with dbapi_conn.cursor() as cur:
            cur.execute("SET default_transaction_read_only = on")
        dbapi_conn.commit()

    return engine.execution_options(schema_translate_map={None: PG_SCHEMA})
