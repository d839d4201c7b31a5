"""The dashboard's one way to the database: read-only, and aware of swapped-in builds.

SQLite is opened per request without a pool (see db.engine.read_engine), so a build that
replaces the file is served at once; the data version in `meta` keys every cache
(dashboard/versioned_cache.py, which also knows the version without a connection while the file is the same).
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache

from flask import current_app, has_app_context
from sqlalchemy.engine import Engine

import paths
from db.engine import database_url, is_sqlite, read_engine, sqlite_path
from etl.runlog import load_runs

_lock = threading.Lock()
_engines: dict[str, Engine] = {}


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
    runs swap in no database, so this log is the only record of them. None for PostgreSQL.
    """
    url = url or configured_url()
    if not is_sqlite(url):
        return []
    runs, _unreadable = load_runs(paths.run_log(paths.operator_dir(sqlite_path(url))))  # one per run, never fails
    return runs[::-1][:limit]
