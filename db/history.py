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


class OtherSchema(RuntimeError):
    """The database a rollback would restore was built with another schema than this code's: the dashboard
    cannot read it as it is, and `jjj serve`/`jjj build` would rebuild it from the catalog at once, undoing
    the rollback. Refused unless asked for (`jjj rollback --any-schema`); nothing is changed."""

    def __init__(self, what: str, found: str, wanted: str):
        self.what, self.found, self.wanted = what, found, wanted
        super().__init__(
            f"{what} was built with schema {found or '?'}; this code reads schema {wanted}. Restored, it could not "
            f"be served as it is: `jjj serve` and `jjj build` would rebuild it from the catalog at once, undoing "
            f"the rollback. Nothing was changed. To restore it anyway (to serve it with the release of this code "
            f"that built it), run `jjj rollback --any-schema`.")


def other_schema_note(found: str, wanted: str) -> str:
    """What a forced rollback says about the database it restored."""
    return (f"; built with schema {found or '?'}, this code reads schema {wanted}: "
            f"`jjj serve` and `jjj build` will rebuild it from the catalog")


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


def check_database(path: Path) -> tuple[str, str]:
    """(data version, schema version) of a database that passes integrity_check; raises otherwise."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise RuntimeError(f"{path}: integrity_check says {integrity}")
        facts = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('data_version', 'schema_version')"))
        if "data_version" not in facts:
            raise RuntimeError(f"{path}: no data_version in meta")
        return facts["data_version"], facts.get("schema_version", "")
    finally:
        conn.close()


def roll_back(live: Path, keep: int, schema: str,
              any_schema: bool = False) -> tuple[Path, str, str, list[tuple[Path, str]]]:
    """Put the newest good kept database back in service; the current one goes to history/rolled-back.

    A kept database that fails its check (not a database, integrity, no data version) is skipped and
    moved to history/unreadable/, so that it never blocks a rollback again. One built with another
    schema than `schema` (this code's) raises OtherSchema before anything moves, unless `any_schema`.
    Returns (the database restored, its data version, its schema version, [(each skipped file, why)])."""
    candidates = archived(live)
    if not candidates:
        raise NothingToRollBack(f"no earlier database in {history_dir(live)}")
    skipped: list[tuple[Path, str]] = []
    previous = version = found = None
    for candidate in reversed(candidates):
        try:
            version, found = check_database(candidate)
            previous = candidate
            break
        except (sqlite3.DatabaseError, RuntimeError) as exc:
            skipped.append((candidate, _first_line(exc)))
    if previous is not None and found != schema and not any_schema:
        raise OtherSchema(f"The newest kept database {previous.name} (data version {version})", found, schema)
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
    return previous, version, found, skipped


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
