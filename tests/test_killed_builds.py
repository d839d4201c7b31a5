"""Builds and refreshes that are killed: SIGTERM ends them cleanly, SIGKILL's leftovers are removed
by the next run, and a killed refresh stays visible in the runs log."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.engine import sqlite_url
from etl.leftovers import remove_stale_builds, stale_build_files
from etl.refresh import RefreshOptions, read_runs, refresh, runs_log_path
from etl.terminate import EXIT_TERMINATED
from tests.minicatalog import live_with_pending_edit

ROOT = Path(__file__).resolve().parent.parent

# Runs the `jjj` command with the build's last check sending this process a signal first.
KILLER = """
import os, signal, sys
import db.write
check, signum = db.write._check_counts, getattr(signal, sys.argv[1])
def signalled(conn, dataset):
    os.kill(os.getpid(), signum)
    check(conn, dataset)
db.write._check_counts = signalled
from cli.main import main
sys.argv = ["jjj", *sys.argv[2:]]
main()
"""


@pytest.fixture()
def setup(tmp_path):
    """A live database, then a catalog edit so that the next build has something new to write."""
    return live_with_pending_edit(tmp_path)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_signalled(signal_name: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLER, signal_name, *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def leftovers(live: Path) -> list[str]:
    return sorted(p.name for p in live.parent.glob(f".{live.name}.build-*"))


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


def test_stale_files_of_dead_builders_only_are_found(tmp_path):
    live = tmp_path / "jjj.db"
    dead = dead_pid()
    names = [f".jjj.db.build-{dead}", f".jjj.db.build-{dead}-journal", f".jjj.db.build-{os.getpid()}",
             f".other.db.build-{dead}", "jjj.db"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in stale_build_files(live)] == [f".jjj.db.build-{dead}", f".jjj.db.build-{dead}-journal"]
    remove_stale_builds(live)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:])


def test_sigterm_during_a_build_exits_cleanly_and_removes_its_file(setup):
    entry, live = setup
    before = digest(live)
    done = run_signalled("SIGTERM", "build", "--catalog", str(entry), "--db", str(live))
    assert done.returncode == EXIT_TERMINATED, done.stderr
    assert "terminated by SIGTERM" in done.stderr and "Traceback" not in done.stderr
    assert leftovers(live) == []
    assert digest(live) == before


def test_sigterm_during_a_refresh_is_recorded_as_failed(setup):
    entry, live = setup
    before = digest(live)
    done = run_signalled("SIGTERM", "refresh", "--catalog", str(entry), "--db", str(live))
    assert done.returncode == EXIT_TERMINATED, done.stderr
    assert "Traceback" not in done.stderr
    assert leftovers(live) == [] and digest(live) == before
    last = read_runs(live.parent / "refresh-runs.jsonl")[-1]
    assert (last["status"], last["error"]) == ("failed", "terminated by SIGTERM") and last["finished_at"]


def test_a_killed_refresh_shows_as_started_and_the_next_run_removes_its_file(setup):
    entry, live = setup
    before = digest(live)
    done = run_signalled("SIGKILL", "refresh", "--catalog", str(entry), "--db", str(live))
    assert done.returncode == -9
    assert leftovers(live)  # what SIGKILL leaves: the half-built file (and its journal)
    assert digest(live) == before
    opts = RefreshOptions(entry=entry, url=sqlite_url(live))
    killed = read_runs(runs_log_path(opts))[-1]
    assert (killed["status"], killed["finished_at"]) == ("started", "")
    record = refresh(opts)
    assert record.status == "ok", record.error
    assert any("left by a killed build" in n for n in record.notes)
    assert leftovers(live) == []
    assert [r["status"] for r in read_runs(runs_log_path(opts))] == ["started", "ok"]


def test_the_build_command_removes_a_killed_builds_file(setup):
    entry, live = setup
    stale = live.with_name(f".jjj.db.build-{dead_pid()}")
    stale.write_bytes(b"half a database")
    done = subprocess.run([sys.executable, "-m", "cli", "build", "--catalog", str(entry), "--db", str(live)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert f"left by a killed build: {stale.name}" in done.stderr
    assert not stale.exists()
