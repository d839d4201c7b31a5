"""The last N SQLite databases, kept beside the live one so that a bad build can be rolled back.

    data/jjj.db                          the live database
    data/history/jjj-<UTC time>.db       the databases it replaced, newest last (at most N)
    data/history/rolled-back/…           databases taken out of service by `jjj rollback`
    data/history/unreadable/…            files that failed as databases (a corrupt live or kept one)

Archiving hard-links the live file before `os.replace` swaps the new one in, so the live path
always names a complete database and the swap stays atomic.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from paths import history_dir, rolled_back_dir, unreadable_dir  # one list of places (paths.py)


class NothingToRollBack(RuntimeError):
    pass


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


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


def set_aside(path: Path, folder: Path | None = None) -> Path:
    """Move an unreadable database, with any journal beside it, to `folder` (default: history/unreadable/
    beside it). A journal left beside a new database would be replayed into it."""
    target = (folder or unreadable_dir(path)) / f"{path.stem}-{_stamp()}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, target)
    for suffix in ("-journal", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
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


def roll_back(live: Path, keep: int) -> tuple[Path, str, list[tuple[Path, str]]]:
    """Put the newest good kept database back in service; the current one goes to history/rolled-back.

    A kept database that fails its check (not a database, integrity, no data version) is skipped and
    moved to history/unreadable/, so that it never blocks a rollback again.
    Returns (the database restored, its data version, [(each skipped file, why)])."""
    candidates = archived(live)
    if not candidates:
        raise NothingToRollBack(f"no earlier database in {history_dir(live)}")
    skipped: list[tuple[Path, str]] = []
    previous = version = None
    for candidate in reversed(candidates):
        try:
            previous, version = candidate, check_database(candidate)
            break
        except (sqlite3.DatabaseError, RuntimeError) as exc:
            skipped.append((candidate, _first_line(exc)))
    for path, _why in skipped:
        set_aside(path, unreadable_dir(live))
    if previous is None:
        raise NothingToRollBack(f"no readable earlier database in {history_dir(live)}: "
                                + "; ".join(f"{p.name}: {why}" for p, why in skipped)
                                + " (moved to history/unreadable)")
    retired = rolled_back_dir(live) / f"{live.stem}-{_stamp()}.db"
    if live.exists():
        _link_or_copy(live, retired)
    os.replace(previous, live)
    prune(retired.parent, f"{live.stem}-*.db", keep)
    return previous, version, skipped


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
