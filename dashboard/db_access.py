"""The dashboard's one way to the database: read-only, and aware of swapped-in builds.

SQLite is opened per request without a pool (see db.engine.read_engine), so a build that
replaces the file is served at once; the data version in `meta` keys every cache.

Reading that version costs a connection (on SQLite, opening the file: about a millisecond and
a half). A build swaps a new file in by rename and never writes the live file in place, so
while the file's identity (device, inode, mtime, size) is the one this process last read the
version from, the version is known without opening it: quick_token. PostgreSQL swaps schemas
inside the server, which no stat can see, so there every read still asks the server.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

import paths
from db.engine import database_url, is_sqlite, read_engine, sqlite_path
from db.schema import Meta
from etl.runlog import load_runs

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_file_tokens: dict[str, tuple[tuple, str]] = {}  # SQLite url -> (file identity, cache_token read from it)


def configured_url() -> str:
    """create_app(url=...) wins (kept in the Flask config, so two apps in one process stay apart);
    then JJJ_DATABASE_URL, which `jjj serve` sets; otherwise DATABASE_URL or data/jjj.db."""
    if has_app_context() and current_app.config.get("JJJ_DATABASE_URL"):
        return current_app.config["JJJ_DATABASE_URL"]
    return os.environ.get("JJJ_DATABASE_URL") or _default_url(os.environ.get("DATABASE_URL"), os.environ.get("JJJ_DB"))


@lru_cache(maxsize=8)
def _default_url(_database_url_env, _jjj_db_env) -> str:
    """database_url() checks the path on disk; every read asks for the URL, so ask once per setting."""
    return database_url()


def get_engine(url: str | None = None) -> Engine:
    url = url or configured_url()
    with _lock:
        if url not in _engines:
            _engines[url] = read_engine(url)
        return _engines[url]


def refresh_log(url: str | None = None, limit: int = 30) -> list[dict]:
    """The newest refresh runs of every outcome (ok, no-op, failed, refused, …), newest first.

    `jjj refresh` appends them to refresh-runs.jsonl beside a SQLite database; no-op and failed
    runs build no database, so this log is the only record of them. None for PostgreSQL.
    """
    url = url or configured_url()
    if not is_sqlite(url):
        return []
    runs, _unreadable = load_runs(paths.run_log(paths.operator_dir(sqlite_path(url))))  # one per run, never fails
    return runs[::-1][:limit]


def cache_token(conn) -> str:
    """What a cached read is keyed on: the content version and the build time (a rebuild with
    the same content still adds a run and a new "built at"). Read on the connection that
    then runs the query, so a swap in between cannot file new data under an old key."""
    facts = dict(conn.execute(select(Meta.key, Meta.value).where(Meta.key.in_(("data_version", "built_at")))).all())
    return f"{facts.get('data_version', '')}@{facts.get('built_at', '')}"


def _file_identity(url: str) -> tuple | None:
    """What changes whenever another file is swapped in at the SQLite path; None for PostgreSQL or no file."""
    if not is_sqlite(url):
        return None
    try:
        st = os.stat(sqlite_path(url))
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


def quick_token(url: str) -> str | None:
    """The cache_token of the live SQLite file without opening it, if this process has read it from
    that very file; None when it must be read (a new file, no file yet, or PostgreSQL)."""
    known = _file_tokens.get(url)
    if known is None:
        return None
    identity, token = known
    return token if _file_identity(url) == identity else None


@contextmanager
def versioned_connection(url: str | None = None) -> Iterator[tuple[Connection, str]]:
    """A read connection and the cache_token of the data it reads. On SQLite the token is remembered
    for quick_token only if the file was the same one before the connection opened and after the
    token was read, so it belongs to that file."""
    url = url or configured_url()
    before = _file_identity(url)
    with get_engine(url).connect() as conn:
        token = cache_token(conn)
        if before is not None and _file_identity(url) == before:
            _file_tokens[url] = (before, token)
        yield conn, token
