"""`jjj rollback` past kept databases that are corrupt: each is skipped, named, and moved aside."""
from __future__ import annotations

from pathlib import Path

import pytest

from db.engine import sqlite_url
from db.history import archived, history_dir
from etl.refresh import RefreshOptions, refresh, rollback
from tests.inprocess import jjj
from tests.minicatalog import write_mini_catalog


def versions_kept(tmp_path, n: int) -> tuple[RefreshOptions, list[str]]:
    """A live database with `n` earlier ones kept; returns the options and every data version, oldest first."""
    entry = write_mini_catalog(tmp_path / "cat")
    opts = RefreshOptions(entry=entry, url=sqlite_url(tmp_path / "data" / "jjj.db"), keep=5)
    versions, current = [refresh(opts).data_version], "exact"
    obs = entry.parent / "catalog/observations/doc-b.yaml"
    for qualifier in ("about", "nearly", "up_to")[:n]:
        text = obs.read_text(encoding="utf-8")
        obs.write_text(text.replace(f"qualifier: {current}\n    quote: 2025年出口值",
                                    f"qualifier: {qualifier}\n    quote: 2025年出口值"), encoding="utf-8")
        versions.append(refresh(opts).data_version)
        current = qualifier
    return opts, versions


def live(opts) -> Path:
    return Path(opts.url.removeprefix("sqlite:///"))


def test_a_corrupt_newest_kept_database_is_skipped(tmp_path):
    opts, versions = versions_kept(tmp_path, 2)
    newest = archived(live(opts))[-1]
    newest.write_bytes(b"not a database" * 100)
    record = rollback(opts)
    assert record.data_version == versions[0]  # the one before the corrupt one
    assert f"skipped {newest.name}: file is not a database" in record.error
    assert not newest.exists() and len(list((history_dir(live(opts)) / "unreadable").glob("*.db"))) == 1


def test_when_every_kept_database_is_corrupt_nothing_changes(tmp_path):
    opts, versions = versions_kept(tmp_path, 1)
    only = archived(live(opts))[-1]
    only.write_bytes(b"")
    before = live(opts).read_bytes()
    done = jjj("rollback", "--catalog", str(opts.entry), "--db", str(live(opts)))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "no readable earlier database" in done.stderr and only.name in done.stderr
    assert live(opts).read_bytes() == before


@pytest.mark.parametrize("damage", ["truncate", "no version"])
def test_the_cli_restores_the_next_good_one(tmp_path, damage):
    import sqlite3
    opts, versions = versions_kept(tmp_path, 2)
    newest = archived(live(opts))[-1]
    if damage == "truncate":
        newest.write_bytes(newest.read_bytes()[:1000])
    else:
        with sqlite3.connect(newest) as conn:
            conn.execute("DELETE FROM meta WHERE key = 'data_version'")
    done = jjj("rollback", "--catalog", str(opts.entry), "--db", str(live(opts)))
    assert done.returncode == 0, done.stderr
    assert f"skipped {newest.name}" in done.stdout and "Rolled back" in done.stdout
