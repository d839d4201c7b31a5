"""Where the product keeps its files: one function per place, used everywhere instead of re-deriving.

Dependency-free (standard library only), so etl, db and dashboard can all import it. Folders are
not created here; the code that writes a file creates its folder.

    data/jjj.db                           the live SQLite database (default; `--db` or DATABASE_URL override)
    data/refresh-runs.jsonl               one line per refresh or rollback run, beside the SQLite file
    data/.jjj-refresh.lock                held by the one refresh running
    data/.jjj.db.build-<pid>              a SQLite build in progress, swapped in when checked
    data/history/jjj-<stamp>.db           earlier databases kept for `jjj rollback`
    data/history/rolled-back/…            databases taken out of service by `jjj rollback`
    data/history/unreadable/…             files that failed as databases, kept for a post-mortem
    <catalog root>/data/external/<id>.csv the last good copy of an external series, and its .json sidecar
"""
from __future__ import annotations

import os
import re
from pathlib import Path

DATA_DIR = Path("data")  # relative to the working directory, as the commands are run from the checkout
DATABASE_FILE = "jjj.db"
RUN_LOG_FILE = "refresh-runs.jsonl"
LOCK_FILE = ".jjj-refresh.lock"
GUNICORN_CONFIG = "python:dashboard.gunicorn_conf"  # gunicorn's settings, a module gunicorn imports itself


def default_database() -> Path:
    """The SQLite file used when neither `--db`, JJJ_DB nor DATABASE_URL names another."""
    return DATA_DIR / DATABASE_FILE


def operator_dir(sqlite_file: Path | None) -> Path:
    """Where the run log and the refresh lock live: beside a SQLite database; with PostgreSQL
    (sqlite_file None), $JJJ_DATA_DIR or data/ on the host that runs the refresh."""
    if sqlite_file is not None:
        return Path(sqlite_file).resolve().parent
    return Path(os.environ.get("JJJ_DATA_DIR") or DATA_DIR).resolve()


def run_log(folder: Path) -> Path:
    """The refresh run log in an operator_dir()."""
    return folder / RUN_LOG_FILE


def refresh_lock(folder: Path) -> Path:
    """The refresh lock file in an operator_dir()."""
    return folder / LOCK_FILE


def build_file(live: Path, pid: int) -> Path:
    """Where process `pid` builds the next database, beside the live file (same filesystem: the swap is a rename)."""
    return live.with_name(f".{live.name}.build-{pid}")


def build_file_pattern(live: Path) -> re.Pattern:
    """Matches the names of build files beside `live` and SQLite's files beside them; group 1 is the pid."""
    return re.compile(rf"\.{re.escape(live.name)}\.build-(\d+)(-journal|-wal|-shm)?")


def history_dir(live: Path) -> Path:
    """Earlier databases of the live SQLite file `live`, kept for rollback."""
    return live.parent / "history"


def rolled_back_dir(live: Path) -> Path:
    """Databases `jjj rollback` took out of service."""
    return history_dir(live) / "rolled-back"


def unreadable_dir(live: Path) -> Path:
    """Files that failed as databases (a corrupt live or kept one), moved aside, never deleted."""
    return history_dir(live) / "unreadable"


def external_dir(catalog_root: Path) -> Path:
    """The cache of external series: the last good copy of each, with its sidecar."""
    return catalog_root / DATA_DIR / "external"
