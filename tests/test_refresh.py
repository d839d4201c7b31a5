"""`jjj refresh`: no-op runs, the change log, failures that leave the live database serving, the lock,
rollback, and a running dashboard that sees a swapped-in database."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from db.engine import sqlite_url
from db.history import archived
from db.queries import change_list, run_list
from db.schema import Meta
from etl.lock import EXIT_LOCKED, RefreshLock
from etl.refresh import RefreshOptions, lock_path, read_runs, refresh, rollback, runs_log_path
from etl.report import format_summary
from etl.schedule import parse_interval, run_schedule, seconds_until_due
from tests.inprocess import jjj
from tests.minicatalog import meta, write_mini_catalog

ROOT = Path(__file__).resolve().parent.parent
JJJ = [sys.executable, "-m", "cli"]  # the `jjj` entry point, in this interpreter


@pytest.fixture()
def opts(tmp_path) -> RefreshOptions:
    entry = write_mini_catalog(tmp_path / "cat")
    return RefreshOptions(entry=entry, url=sqlite_url(tmp_path / "data" / "jjj.db"), keep=2)


def live_file(opts) -> Path:
    return Path(opts.url.removeprefix("sqlite:///"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_version(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        version = conn.execute(select(Meta.value).where(Meta.key == "data_version")).scalar_one()
    engine.dispose()
    return version


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rewrite_document(root: Path, doc_id: str, file: str, old: str, new: str, date: str) -> None:
    """Change a source text and record its new hash, as a curator would."""
    edit(root, f"sources/{file}", old, new)
    text = (root / "sources" / file).read_text(encoding="utf-8")
    (root / "sources/meta" / f"{doc_id}.yaml").write_text(meta(doc_id, file, text, date), encoding="utf-8")


def test_an_unchanged_rerun_is_a_recorded_no_op(opts):
    first = refresh(opts)
    assert (first.status, first.swapped) == ("ok", True)
    before, kept = sha(live_file(opts)), archived(live_file(opts).resolve())
    second = refresh(opts)
    assert (second.status, second.swapped) == ("no-op", False)
    assert second.data_version == first.data_version
    assert sha(live_file(opts)) == before  # not rebuilt, not swapped
    assert not list(live_file(opts).parent.glob(".jjj.db.build-*"))  # the new file, same content, was discarded
    assert archived(live_file(opts).resolve()) == kept  # nothing was swapped, so nothing was archived
    assert [r["status"] for r in read_runs(runs_log_path(opts))] == ["ok", "no-op"]
    engine = create_engine(opts.url)
    with engine.connect() as conn:
        assert [r.status for r in run_list(conn)] == ["ok"]  # the database records the builds
    engine.dispose()
    assert "nothing changed" in format_summary(second)


def test_a_value_edited_added_and_removed_shows_in_the_change_log(opts):
    refresh(opts)
    root = opts.entry.parent
    rewrite_document(root, "doc-b", "b.txt", "2023年集装箱吞吐量达到2300万标准箱。",
                     "2023年集装箱吞吐量达到2310万标准箱。2022年集装箱吞吐量达到2100万标准箱。", "2026-02")
    edit(root, "catalog/observations/doc-b.yaml", 'value: "2300"', 'value: "2310"')
    edit(root, "catalog/observations/doc-b.yaml", "quote: 2023年集装箱吞吐量达到2300万标准箱",
         "quote: 2023年集装箱吞吐量达到2310万标准箱\n"
         "  - indicator: container-throughput\n    region: tianjin-port\n    kind: observed\n"
         '    period: "2022"\n    value: "2100"\n    unit: 万标准箱\n    qualifier: exact\n'
         "    quote: 2022年集装箱吞吐量达到2100万标准箱")
    edit(root, "catalog/observations/doc-b.yaml",
         '  - indicator: exports-value\n    region: tianjin\n    kind: change\n    period: "2025"\n'
         '    base_period: "2014"\n    change: increase\n    value: "25"\n    unit: "%"\n    qualifier: exact\n'
         "    quote: 比2014年增长25%\n", "")
    record = refresh(opts)
    assert (record.status, record.swapped) == ("ok", True), record.error
    log = {(c["change"], c["key"]): c for c in record.change_log}
    edited = log[("changed", "doc-b|observed|container-throughput|tianjin-port|2023|")]
    assert (edited["old_value"], edited["new_value"]) == (23_000_000, 23_100_000)
    assert (edited["old_as_written"], edited["new_as_written"]) == ("2300万标准箱", "2310万标准箱")
    assert "value" in edited["fields"]
    assert log[("added", "doc-b|observed|container-throughput|tianjin-port|2022|")]["new_value"] == 21_000_000
    assert log[("removed", "doc-b|change|exports-value|tianjin|2025|2014")]["old_value"] == 25
    assert record.changes["observations"]["changed"] >= 1 and record.changes["targets"] == \
        {"added": 0, "changed": 0, "removed": 0}
    # stored in the new database with its run, and carried over by the next build
    engine = create_engine(opts.url)
    with engine.connect() as conn:
        runs = run_list(conn)
        stored = change_list(conn, run_id=runs[0].id)
    engine.dispose()
    assert {(c.change, c.key) for c in stored} == set(log)
    assert "2300万标准箱" in format_summary(record) and "2310万标准箱" in format_summary(record)
    assert sum(sum(c.values()) for c in record.changes.values()) == len(stored)
    assert runs[0].message == "refresh: " + "; ".join(  # the run's row says what it changed
        f"{t} +{c['added']} ~{c['changed']} -{c['removed']}" for t, c in record.changes.items())


def test_the_printed_summary_lists_the_first_changes_and_counts_the_rest(opts):
    """A run keeps only its first change entries for the summary (a million may change); the count is the whole."""
    from dataclasses import replace
    first = refresh(opts)
    assert 0 < len(first.change_log) <= 30 and first.change_log[0]["change"] == "added"
    many = replace(first, change_log=(first.change_log * 30)[:30],
                   changes={"observations": {"added": 100, "changed": 0, "removed": 0}})
    text = format_summary(many, max_changes=30)
    assert text.count("\n    + ") == 30 and "… and 70 more (table `changes`)" in text
    assert "more (table" not in format_summary(first)


def test_a_failing_build_leaves_the_live_database_serving(opts, monkeypatch):
    refresh(opts)
    before, version = sha(live_file(opts)), data_version(opts.url)
    edit(opts.entry.parent, "catalog/observations/doc-a.yaml", "quote: 2023年全市PM2.5平均浓度为41微克/立方米",
         "quote: 2023年全市PM2.5平均浓度为40微克/立方米")
    record = refresh(opts)
    assert record.status == "failed" and not record.swapped
    assert "quote not found" in record.error
    assert sha(live_file(opts)) == before and data_version(opts.url) == version
    assert read_runs(runs_log_path(opts))[-1]["status"] == "failed"
    assert not list(live_file(opts).parent.glob(".jjj.db.build-*"))  # no half-built file left behind


def test_a_check_failure_after_the_build_also_leaves_the_live_database(opts, monkeypatch):
    import db.write
    refresh(opts)
    before = sha(live_file(opts))
    edit(opts.entry.parent, "catalog/observations/doc-b.yaml", "qualifier: exact\n    quote: 2025年出口值",
         "qualifier: about\n    quote: 2025年出口值")

    def broken(conn, dataset):
        raise db.write.BuildCheckFailed("simulated: counts differ")
    monkeypatch.setattr(db.write, "_check_counts", broken)
    record = refresh(opts)
    assert record.status == "failed" and "simulated" in record.error
    assert sha(live_file(opts)) == before


def test_a_second_concurrent_run_is_refused_by_a_real_second_process(opts):
    refresh(opts)
    before = sha(live_file(opts))
    with RefreshLock(lock_path(opts)):
        proc = subprocess.run([*JJJ, "refresh", "--catalog", str(opts.entry), "--db", str(live_file(opts))],
                              capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == EXIT_LOCKED, proc.stderr
    assert "another refresh is running" in proc.stderr and str(os.getpid()) in proc.stderr
    assert sha(live_file(opts)) == before
    assert read_runs(runs_log_path(opts))[-1]["status"] == "refused"


def test_keeps_the_last_n_databases_and_rolls_back(opts):
    versions, current = [refresh(opts).data_version], "exact"
    for qualifier in ("about", "nearly", "up_to"):
        edit(opts.entry.parent, "catalog/observations/doc-b.yaml", f"qualifier: {current}\n    quote: 2025年出口值",
             f"qualifier: {qualifier}\n    quote: 2025年出口值")
        versions.append(refresh(opts).data_version)
        current = qualifier
    assert len(set(versions)) == 4
    assert len(archived(live_file(opts))) == opts.keep
    record = rollback(opts)
    assert record.status == "rolled-back"
    assert data_version(opts.url) == versions[-2]
    assert len(archived(live_file(opts))) == opts.keep - 1
    # the next refresh sees the catalog differs from the rolled-back data, and rebuilds
    again = refresh(opts)
    assert again.swapped and again.data_version == versions[-1]


@pytest.fixture()
def served(opts):
    """The dashboard, served on a thread, reading the live database of `opts`."""
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    refresh(opts)
    server = make_server("127.0.0.1", 0, create_app(url=opts.url).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_the_running_app_keeps_old_data_on_failure_and_shows_new_data_after_a_refresh(opts, served):
    old = get_json(f"{served}/api/sources")["data_version"]
    edit(opts.entry.parent, "catalog/observations/doc-a.yaml", "quote: 高铁城际里程达410公里",
         "quote: 高铁城际里程达999公里")
    assert refresh(opts).status == "failed"
    assert get_json(f"{served}/api/sources")["data_version"] == old
    edit(opts.entry.parent, "catalog/observations/doc-a.yaml", "quote: 高铁城际里程达999公里",
         "quote: 高铁城际里程达410公里")
    edit(opts.entry.parent, "catalog/observations/doc-b.yaml", "qualifier: exact\n    quote: 2025年出口值",
         "qualifier: about\n    quote: 2025年出口值")
    record = refresh(opts)
    assert record.swapped
    body = get_json(f"{served}/api/indicators/exports-value")
    assert body["data_version"] == record.data_version != old
    assert any(o.get("qualifier") == "about" for o in body["observations"])


def test_schedule_interval_and_due_time():
    assert parse_interval("7d") == 7 * 86400 and parse_interval("12h") == 43200 and parse_interval("90") == 90
    with pytest.raises(ValueError):
        parse_interval("weekly")
    now = datetime(2026, 3, 9, tzinfo=UTC)
    assert seconds_until_due(None, 3600, now) == 0
    assert seconds_until_due((now - timedelta(days=8)).isoformat(), 7 * 86400, now) == 0
    assert seconds_until_due((now - timedelta(days=6)).isoformat(), 7 * 86400, now) == 86400


def test_schedule_waits_until_due_then_runs_once():
    runs, slept = [], []
    last = [datetime.now(UTC).isoformat()]

    def job():
        runs.append(1)
        return 0

    def fake_sleep(seconds):
        slept.append(seconds)
        last[0] = (datetime.now(UTC) - timedelta(seconds=100)).isoformat()  # time passes
    code = run_schedule(job, lambda: last[0], interval=60, once=True, sleep=fake_sleep, log=lambda _m: None)
    assert (code, len(runs)) == (0, 1) and len(slept) == 1 and 0 < slept[0] <= 60


def test_cli_refresh_prints_the_summary_and_exit_codes(opts):
    live_file(opts).parent.mkdir()  # the command creates no folder but the default data/
    args = ["refresh", "--catalog", str(opts.entry), "--db", str(live_file(opts))]
    first = jjj(*args)
    assert first.returncode == 0 and "a new database is live" in first.stdout
    assert "observations +" in first.stdout
    second = jjj(*args)
    assert second.returncode == 0 and "nothing changed" in second.stdout
    edit(opts.entry.parent, "sources/a.txt", "天津港", "天津港口")  # the text no longer matches its hash
    bad = jjj(*args)
    assert bad.returncode == 1 and "FAILED" in bad.stderr and "sha256" in bad.stderr


def texts(component) -> list[str]:
    """Every string in a Dash component tree."""
    if isinstance(component, str):
        return [component]
    children = getattr(component, "children", None)
    if children is None:
        return []
    return [s for child in (children if isinstance(children, list) else [children]) for s in texts(child)]


def test_the_what_changed_page_lists_runs_and_old_and_new_values(opts):
    from dashboard.app import create_app
    from dashboard.views import changes
    refresh(opts)
    edit(opts.entry.parent, "catalog/observations/doc-b.yaml", 'value: "1000"', 'value: "1,000"')
    rewrite_document(opts.entry.parent, "doc-b", "b.txt", "2025年出口值1000亿元", "2025年出口值1,000亿元", "2026-02")
    edit(opts.entry.parent, "catalog/observations/doc-b.yaml", "quote: 2025年出口值1000亿元",
         "quote: 2025年出口值1,000亿元")
    assert refresh(opts).swapped
    app = create_app(url=opts.url)
    with app.server.test_request_context():
        page = changes.changes_layout(lang="en")
        strings = texts(page)
        assert "Changes in build #2" in strings
        assert "changed" in strings and "1000亿元" in " ".join(strings) and "1,000亿元" in " ".join(strings)
        first = texts(changes.changes_layout(lang="en", run="1"))
        assert "Changes in build #1" in first and "added" in first
        bad = texts(changes.changes_layout(lang="zh", run="99"))
        assert any("99" in s for s in bad) and "第 2 次更新的变化" in bad  # unknown run: said, newest shown


def test_the_change_view_shows_document_text_as_text():
    from dashboard.views.changes import changes_view
    from db.records import Change, Run
    from tests.record_factories import make
    run = make(Run, id=1, finished_at="2026-03-01T00:00:00+00:00", status="ok", data_version="abc", n_changes=1)
    change = make(Change, change="removed", table_name="observations", indicator_id="gone", region_id="tianjin",
                  region_zh="天津市", region_en="Tianjin", period="2024", kind="observed", unit="count",
                  old_value=3.0, new_value=None, old_as_written="<b>三</b>家", new_as_written=None)
    strings = texts(changes_view([run], [change], 1, "en", []))
    assert "gone" in strings  # an indicator no longer in the data is shown by its id
    assert any("<b>三</b>家" in s for s in strings)  # markup in the data stays literal text


def test_the_what_changed_page_lists_runs_of_every_outcome(opts):
    from dashboard.app import create_app
    from dashboard.views import changes
    refresh(opts)
    refresh(opts)  # no-op
    edit(opts.entry.parent, "catalog/observations/doc-a.yaml", "quote: 2023年全市PM2.5平均浓度为41微克/立方米",
         "quote: 2023年全市PM2.5平均浓度为40微克/立方米")
    assert refresh(opts).status == "failed"
    app = create_app(url=opts.url)
    with app.server.test_request_context():
        strings = texts(changes.changes_layout(lang="en"))
    outcomes = [s for s in strings if s in ("ok", "no change", "failed (the previous database kept serving)")]
    # the builds table lists the one swapped-in build; the refresh log, every run, newest first
    assert outcomes[-3:] == ["failed (the previous database kept serving)", "no change", "ok"]
    assert any("quote not found" in s for s in strings)


def test_change_log_keeps_the_qualifying_word_as_written():
    from etl.changelog import describe, diff_table
    row = {"key": "k", "indicator_id": "share", "region_id": "r", "kind": "observed", "period": "2025", "value": 50.0,
           "value_low": 50.0, "value_high": 50.0, "unit": "percent", "qualifier": "more_than",
           "qualifier_as_written": "过", "value_as_written": "半", "unit_as_written": "", "quote": "占比过半",
           "document_id": "d"}
    (added,) = diff_table([], [row], "observations")
    assert describe(added) == "+ share · r · 2025 (observed): 过半 (50 percent)"
    (changed,) = diff_table([row], [{**row, "qualifier_as_written": "近"}], "observations")
    assert changed["fields"] == "qualifier_as_written"
    assert describe(changed).endswith("近半 (50 percent) [qualifier_as_written]")


def test_unchanged_content_in_an_older_schema_is_rebuilt_not_a_no_op(opts):
    """Same inputs, but the live file was built by an older schema (its tables are not what this code reads):
    the refresh swaps the new database in instead of keeping the old one as a 'no-op'."""
    import sqlite3
    refresh(opts)
    with sqlite3.connect(live_file(opts)) as conn:
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
        conn.execute("DROP TABLE series_years")
    again = refresh(opts)
    assert (again.status, again.swapped) == ("ok", True)
    with sqlite3.connect(live_file(opts)) as conn:
        from db.schema import SCHEMA_VERSION
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert conn.execute("SELECT count(*) FROM series_years").fetchone()[0] > 0
