"""Fault injection at every phase of build and refresh, by SIGTERM and SIGKILL ($JJJ_FAULT, etl/faults.py).

Each case asserts what is true afterwards: the live database is either the old one, byte for byte, or
the new one, whole (integrity_check), with its own run record; the exit status and the message say which;
the run log's last word on the run matches the database; and the next run cleans up and corrects the
record where a killed run could not write it (issue 12, item 1)."""
from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from db.engine import sqlite_url
from etl.build import build
from etl.faults import ENV, PHASES, SIGNALS
from etl.refresh import RefreshOptions, read_runs, refresh, runs_log_path
from etl.terminate import EXIT_TERMINATED, Terminated, exit_on_sigterm
from tests.minicatalog import live_with_pending_edit, write_mini_catalog

ROOT = Path(__file__).resolve().parent.parent
SWAPPED = ("after-swap", "before-record")  # phases at which the new database is already live
BUILD_PHASES = [p for p in PHASES if p != "before-record"]  # a build's record is written with its database
CASES = [("refresh", p, s) for p in PHASES for s in SIGNALS] + [("build", p, s) for p in BUILD_PHASES for s in SIGNALS]


@pytest.fixture()
def setup(tmp_path):
    """A live database, then a catalog edit so that the next build has something new to write."""
    return live_with_pending_edit(tmp_path)


def faulted(command: str, phase: str, signame: str, entry: Path, live: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, ENV: f"{phase}:{signame}"}
    return subprocess.run([sys.executable, "-m", "cli", command, "--catalog", str(entry), "--db", str(live)],
                          capture_output=True, text=True, timeout=180, cwd=ROOT, env=env)


def facts(live: Path) -> dict:
    """The live file's digest, integrity, data version and newest run."""
    conn = sqlite3.connect(f"file:{live}?mode=ro", uri=True)
    try:
        return {"sha": hashlib.sha256(live.read_bytes()).hexdigest(),
                "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
                "version": conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0],
                "last_run": conn.execute("SELECT started_at, status FROM etl_runs ORDER BY id DESC LIMIT 1").fetchone()}
    finally:
        conn.close()


def leftovers(live: Path) -> list[str]:
    return sorted(p.name for p in live.parent.glob(f".{live.name}.build-*"))


@pytest.mark.parametrize("command,phase,signame", CASES, ids=["-".join(c) for c in CASES])
def test_a_fault_leaves_the_truth(setup, command, phase, signame):
    entry, live = setup
    before = facts(live)
    done = faulted(command, phase, signame, entry, live)
    after = facts(live)
    assert after["integrity"] == "ok"
    assert "Traceback" not in done.stderr, done.stderr
    swapped = phase in SWAPPED
    if swapped:
        assert after["version"] != before["version"] and after["last_run"][1] == "ok"
    else:
        assert after["sha"] == before["sha"]  # byte for byte the old database
    if signame == "SIGTERM":
        assert leftovers(live) == []
        if swapped:
            assert done.returncode == 0, done.stderr
            assert "after the swap" in done.stderr and "is live" in done.stderr
        else:
            assert done.returncode == EXIT_TERMINATED, done.stderr
            assert "the live database was not touched" in done.stderr
    else:
        assert done.returncode == -signal.SIGKILL
    if command == "refresh":
        check_run_log(entry, sqlite_url(live), signame, swapped, after, lambda: leftovers(live))
    else:
        again = CliRunner().invoke(app, ["build", "--catalog", str(entry), "--db", str(live)])
        assert again.exit_code == 0, again.output  # the next build removes a killed one's file and works
        assert leftovers(live) == []


def check_run_log(entry: Path, url: str, signame: str, swapped: bool, after: dict, leftovers) -> None:
    opts = RefreshOptions(entry=entry, url=url)
    run = read_runs(runs_log_path(opts))[-1]
    if signame == "SIGTERM":  # the process could still write: the outcome line is there and true
        assert run["finished_at"] and run["swapped"] is swapped
        if swapped:
            assert run["status"] == "ok" and run["started_at"] == after["last_run"][0]
            assert any("after the swap" in n for n in run["notes"])
        else:
            assert (run["status"], run["error"]) == ("failed", "terminated by SIGTERM")
        return
    assert (run["status"], run["finished_at"]) == ("started", "")  # killed outright: only its first line
    following = refresh(opts)  # the next run cleans up, and writes the outcome a killed swap could not
    assert following.status == ("no-op" if swapped else "ok"), following.error
    assert leftovers() == []
    runs = {r["run_uuid"]: r for r in read_runs(runs_log_path(opts))}
    killed = runs[run["run_uuid"]]
    if swapped:
        assert (killed["status"], killed["swapped"], killed["data_version"]) == ("ok", True, after["version"])
        assert any("killed after its swap" in n for n in following.notes)
    else:
        assert killed["status"] == "started"  # it never finished, and its database never went live


def pg_facts(url: str) -> dict:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {"version": conn.execute(text("SELECT value FROM jjj.meta WHERE key = 'data_version'")).scalar_one(),
                    "last_run": tuple(conn.execute(text("SELECT started_at, status FROM jjj.etl_runs "
                                                        "ORDER BY id DESC LIMIT 1")).one()),
                    "schemas": set(conn.execute(text("SELECT nspname FROM pg_namespace")).scalars())}
    finally:
        engine.dispose()


PG_CASES = [(p, s) for p in PHASES for s in SIGNALS]


@pytest.mark.postgres
@pytest.mark.parametrize("phase,signame", PG_CASES, ids=["-".join(c) for c in PG_CASES])
def test_a_fault_on_postgresql_leaves_the_truth(tmp_path, monkeypatch, pg_url, phase, signame):
    """The same faults against PostgreSQL: the swap is a schema rename in one transaction."""
    monkeypatch.setenv("JJJ_DATA_DIR", str(tmp_path / "data"))
    entry = write_mini_catalog(tmp_path / "cat")
    build(entry, pg_url)
    obs = entry.parent / "catalog/observations/doc-b.yaml"
    text = obs.read_text(encoding="utf-8")
    obs.write_text(text.replace("qualifier: exact\n    quote: 2025年出口值",
                                "qualifier: about\n    quote: 2025年出口值"), encoding="utf-8")
    before = pg_facts(pg_url)
    env = {**os.environ, ENV: f"{phase}:{signame}", "DATABASE_URL": pg_url}
    done = subprocess.run([sys.executable, "-m", "cli", "refresh", "--catalog", str(entry)], capture_output=True,
                          text=True, timeout=180, cwd=ROOT, env=env)
    after = pg_facts(pg_url)
    swapped = phase in SWAPPED
    assert "Traceback" not in done.stderr, done.stderr
    assert (after["version"] != before["version"]) is swapped
    expected = (0 if swapped else EXIT_TERMINATED) if signame == "SIGTERM" else -signal.SIGKILL
    assert done.returncode == expected, done.stderr
    check_run_log(entry, pg_url, signame, swapped, after, lambda: sorted({"jjj_build"} & pg_facts(pg_url)["schemas"]))


def test_a_second_sigterm_does_not_interrupt_the_record(tmp_path):
    """Once only the "started" line was written: a second SIGTERM cut the first one's recording short."""
    recorded = []
    with pytest.raises(Terminated):
        with exit_on_sigterm():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
            except Terminated:
                os.kill(os.getpid(), signal.SIGTERM)  # ignored while the outcome is written
                recorded.append("outcome")
                raise
    assert recorded == ["outcome"]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_without_the_variable_nothing_happens(setup, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    entry, live = setup
    record = refresh(RefreshOptions(entry=entry, url=sqlite_url(live)))
    assert (record.status, record.swapped) == ("ok", True)


def test_a_run_killed_before_its_swap_in_the_second_of_the_live_build_stays_started(setup):
    """started_at has one-second resolution: when the live database's build and a refresh killed before its
    swap start in the same second, the next refresh once took the build's row for the killed run's and logged
    that run as "ok, swapped" though its database never went live (seen under load as 'ok' == 'started')."""
    entry, live = setup
    done = faulted("refresh", "mid-write", "SIGKILL", entry, live)
    assert done.returncode == -signal.SIGKILL
    opts = RefreshOptions(entry=entry, url=sqlite_url(live))
    killed = read_runs(runs_log_path(opts))[-1]
    assert killed["status"] == "started"
    conn = sqlite3.connect(live)  # the build started in the very second the killed run did
    with conn:
        conn.execute("UPDATE etl_runs SET started_at = ? WHERE id = (SELECT max(id) FROM etl_runs)",
                     (killed["started_at"],))
    conn.close()
    following = refresh(opts)
    assert following.status == "ok", following.error
    assert not any("killed after its swap" in n for n in following.notes)
    runs = {r["run_uuid"]: r for r in read_runs(runs_log_path(opts))}
    assert (runs[killed["run_uuid"]]["status"], runs[killed["run_uuid"]]["finished_at"]) == ("started", "")
