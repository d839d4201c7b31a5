"""refresh-runs.jsonl: torn, foreign or non-UTF-8 lines are skipped and counted, never fatal; a started
run without an outcome stays visible; `jjj schedule` copes with both and refuses absurd intervals."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from etl.runlog import append_line, load_runs, read_runs
from etl.schedule import parse_interval, seconds_until_due
from tests.inprocess import jjj
from tests.minicatalog import write_mini_catalog


def run(uuid: str, status: str, started: str = "2026-03-01T00:00:00+00:00") -> str:
    return json.dumps({"run_uuid": uuid, "status": status, "started_at": started})


def test_bad_lines_are_skipped_and_counted(tmp_path):
    log = tmp_path / "refresh-runs.jsonl"
    log.write_bytes("\n".join([run("a", "ok"), "[1, 2]", "42", "null", run("b", "no-op")]).encode()
                    + b"\n\xff\xfe not utf-8\n" + run("c", "failed").encode()[:20])  # torn: no end, no newline
    runs, skipped = load_runs(log)
    assert [r["run_uuid"] for r in runs] == ["a", "b"] and skipped == 5
    warnings = []
    assert len(read_runs(log, warn=warnings.append)) == 2
    assert warnings == [f"{log}: skipped 5 unreadable line(s) (torn, not UTF-8, or not a JSON object)"]


def test_a_run_is_its_last_line_and_a_started_only_run_stays(tmp_path):
    log = tmp_path / "refresh-runs.jsonl"
    log.write_text("\n".join([run("a", "started"), run("a", "ok"), run("b", "started")]) + "\n", encoding="utf-8")
    assert [(r["run_uuid"], r["status"]) for r in read_runs(log)] == [("a", "ok"), ("b", "started")]


def test_a_line_appended_after_a_torn_one_is_whole(tmp_path):
    log = tmp_path / "refresh-runs.jsonl"
    log.write_text(run("a", "ok")[:25], encoding="utf-8")
    append_line(log, run("b", "ok"))
    append_line(log, run("c", "ok"))
    assert load_runs(log) == ([json.loads(run("b", "ok")), json.loads(run("c", "ok"))], 1)


def test_a_missing_log_is_no_runs(tmp_path):
    assert load_runs(tmp_path / "none.jsonl") == ([], 0)


def test_interval_bounds():
    for text in ("99999999999999999999999d", "367d", "30s", "0"):
        with pytest.raises(ValueError, match=r"interval|between"):
            parse_interval(text)
    assert parse_interval("366d") == 366 * 86400 and parse_interval("1m") == 60


def test_due_time_tolerates_a_bad_or_naive_time():
    now = datetime(2026, 3, 9, tzinfo=UTC)
    assert seconds_until_due("yesterday-ish", 3600, now) == 0
    assert seconds_until_due("2026-03-09T00:00:00", 3600, now) == 3600  # naive: read as UTC
    assert seconds_until_due("2027-01-01T00:00:00+00:00", 3600, now) == 3600  # clock skew: one interval at most


def test_schedule_refuses_a_huge_interval_in_one_line():
    done = jjj("schedule", "--once", "--interval", "99999999999999999999999d")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "must be between 1 minute and 366 days" in done.stderr


def test_schedule_runs_despite_a_torn_log(tmp_path):
    entry = write_mini_catalog(tmp_path / "cat")
    live = tmp_path / "data" / "jjj.db"
    live.parent.mkdir()
    (live.parent / "refresh-runs.jsonl").write_bytes(b'{"run_uuid": "x", "status": "ok", "started_at": "2026-')
    done = jjj("schedule", "--once", "--catalog", str(entry), "--db", str(live))
    assert done.returncode == 0, done.stderr
    assert "skipped 1 unreadable line(s)" in done.stdout
    assert live.exists()
    assert [r["status"] for r in load_runs(live.parent / "refresh-runs.jsonl")[0]] == ["ok"]
