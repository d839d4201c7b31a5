"""The last N SQLite databases, kept beside the live one so that a bad build can be rolled back.

    data/jjj.db                          the live database
    data/history/jjj-<UTC time>.db       the databases it replaced, newest last (at most N)
    data/history/rolled-back/…           databases taken out of service by `jjj rollback`

Archiving hard-links the live file before `os.replace` swaps the new one in, so the live path
always names a complete database and the swap stays atomic.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path


class NothingToRollBack(RuntimeError):
    pass


def history_dir(live: Path) -> Path:
    return live.parent / "history"


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:  # another filesystem, or links not allowed: a copy is as good, only slower
        shutil.copy2(src, dst)


def archived(live: Path) -> list[Path]:
    """The kept databases, oldest first."""
    return sorted(history_dir(live).glob(f"{live.stem}-*.db"))


def archive_live(live: Path) -> Path | None:
    """Keep a link to the current live database in the history (call just before the swap)."""
    if not live.exists():
        return None
    target = history_dir(live) / f"{live.stem}-{_stamp()}.db"
    _link_or_copy(live, target)
    return target


def set_aside(live: Path) -> Path:
    """Move an unreadable live database, with any journal beside it, to history/unreadable/.
    (A journal left beside the new database would be replayed into it.)"""
    target = history_dir(live) / "unreadable" / f"{live.stem}-{_stamp()}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(live, target)
    for suffix in ("-journal", "-wal", "-shm"):
        side = live.with_name(live.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def prune(folder: Path, pattern: str, keep: int) -> list[Path]:
    files = sorted(folder.glob(pattern))
    doomed = files[:max(0, len(files) - keep)]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def check_database(path: Path) -> str:
    """The data version of a database that passes integrity_check; raises otherwise."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise RuntimeError(f"{path}: integrity_check says {integrity}")
        row = conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
        if row is None:
            raise RuntimeError(f"{path}: no data_version in meta")
        return row[0]
    finally:
        conn.close()


def roll_back(live: Path, keep: int) -> tuple[Path, str]:
    """Put the newest kept database back in service; the current one goes to history/rolled-back.
    Returns (the database restored, its data version)."""
    candidates = archived(live)
    if not candidates:
        raise NothingToRollBack(f"no earlier database in {history_dir(live)}")
    previous = candidates[-1]
    version = check_database(previous)
    retired = history_dir(live) / "rolled-back" / f"{live.stem}-{_stamp()}.db"
    if live.exists():
        _link_or_copy(live, retired)
    os.replace(previous, live)
    prune(retired.parent, f"{live.stem}-*.db", keep)
    return previous, version
