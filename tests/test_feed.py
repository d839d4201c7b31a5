"""/changes.atom: one entry per build that changed data, what changed (old → new, with the quotes),
stable ids, times from the run records, document text as text; parsed back with feedparser."""
from __future__ import annotations

from datetime import datetime

import feedparser
import pytest
from sqlalchemy import create_engine

from dashboard import feed
from db.engine import sqlite_url
from db.queries import run_list
from db.records import Change, Run
from etl.refresh import RefreshOptions, refresh
from tests.conftest import blueprint_client
from tests.minicatalog import write_mini_catalog
from tests.record_factories import make
from tests.test_refresh import edit, rewrite_document

OLD_QUOTE, NEW_QUOTE = "2023年集装箱吞吐量达到2300万标准箱", "2023年集装箱吞吐量达到2310万标准箱"


@pytest.fixture()
def two_builds(tmp_path) -> str:
    """A database built, then rebuilt after a document corrected one figure (and its sentence)."""
    entry = write_mini_catalog(tmp_path / "cat")
    opts = RefreshOptions(entry=entry, url=sqlite_url(tmp_path / "data" / "jjj.db"), keep=0)
    assert refresh(opts).swapped
    root = entry.parent
    rewrite_document(root, "doc-b", "b.txt", OLD_QUOTE + "。", NEW_QUOTE + "。", "2026-02")
    edit(root, "catalog/observations/doc-b.yaml", 'value: "2300"', 'value: "2310"')
    edit(root, "catalog/observations/doc-b.yaml", "quote: " + OLD_QUOTE, "quote: " + NEW_QUOTE)
    assert refresh(opts).swapped
    assert refresh(opts).status == "no-op"  # a run that changed nothing is no entry
    return opts.url


def runs_of(url: str) -> list[Run]:
    engine = create_engine(url)
    with engine.connect() as conn:
        runs = run_list(conn)
    engine.dispose()
    return runs


def get_feed(client, query: str = ""):
    r = client.get("/changes.atom" + query)
    assert r.status_code == 200, r.data
    assert r.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(r.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed, r.data


def test_one_entry_per_build_that_changed_data_newest_first(monkeypatch, two_builds):
    client = blueprint_client(monkeypatch, two_builds, feed.blueprint)
    parsed, _ = get_feed(client, "?lang=en")
    runs = [r for r in runs_of(two_builds) if r.n_changes]
    assert len(runs) == 2 and len(parsed.entries) == 2
    newest, first = parsed.entries
    assert newest.title == f"Build #{runs[0].id}: what changed (1)"
    assert newest.link == f"http://localhost/changes?run={runs[0].id}&lang=en"
    assert datetime.fromisoformat(newest.updated) == datetime.fromisoformat(runs[0].finished_at)
    assert datetime.fromisoformat(first.updated) == datetime.fromisoformat(runs[1].finished_at)
    assert datetime.fromisoformat(parsed.feed.updated) == datetime.fromisoformat(runs[0].finished_at)
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == "http://localhost/changes.atom?lang=en"
    text = newest.content[0]
    assert text.type == "text/plain"
    assert "changed: Container throughput · Port of Tianjin · 2023 · observed" in text.value
    assert "23 M TEU (2300万标准箱) → 23.1 M TEU (2310万标准箱)" in text.value
    assert f"quoted before: «{OLD_QUOTE}»" in text.value and f"quoted: «{NEW_QUOTE}»" in text.value
    assert first.title.endswith(f"({runs[1].n_changes})") and "added: " in first.content[0].value


def test_entry_ids_are_stable_across_requests_and_the_same_in_both_languages(monkeypatch, two_builds):
    client = blueprint_client(monkeypatch, two_builds, feed.blueprint)
    zh, _ = get_feed(client)
    en, _ = get_feed(client, "?lang=en")
    again, _ = get_feed(client)
    assert [e.id for e in zh.entries] == [e.id for e in again.entries] == [e.id for e in en.entries]
    assert all(e.id.startswith("tag:jjj-indicators,") for e in zh.entries)
    assert len({e.id for e in zh.entries}) == 2
    assert zh.entries[0].title.startswith("第 ")
    assert zh.entries[0].content[0].value.startswith("修改: 集装箱吞吐量 · 天津港 · 2023 · 观测: "
                                                     "2,300万标准箱 → 2,310万标准箱")


def test_document_text_is_text_in_the_feed_never_markup():
    run = make(Run, id=7, started_at="2026-03-01T00:00:00+00:00", finished_at="2026-03-01T00:01:00+00:00",
               data_version="abc", n_changes=1)
    change = make(Change, change="added", table_name="observations", indicator_id="x", region_id="tianjin",
                  indicator_en="X <i>", region_en="Tianjin", period="2024", kind="observed",
                  unit="count", old_value=None, new_value=3.0, old_as_written=None,
                  new_as_written="三家", old_quote=None, new_quote="<script>alert(1)</script> & 三家")
    xml = feed.atom([run], {7: [change]}, "http://h/", "en", None)
    assert b"<script>" not in xml and b"&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in xml
    parsed = feedparser.parse(xml)
    assert "«<script>alert(1)</script> & 三家»" in parsed.entries[0].content[0].value
    assert parsed.entries[0].content[0].type == "text/plain"


def test_a_large_build_lists_the_first_changes_and_links_to_the_rest():
    run = make(Run, id=1, started_at="2026-03-01T00:00:00", finished_at=None, data_version="v",
               n_changes=1_000_000)
    change = make(Change, change="removed", table_name="targets", indicator_id="x", region_id="r", period="2030",
                  kind="target", unit="km", old_value=5.0, new_value=None, old_as_written="5公里",
                  new_as_written=None, old_quote="到2030年超过5公里", new_quote=None,
                  old_qualifier="more_than", new_qualifier=None)
    text = feed.entry_text(run, [change], "en", "http://h/changes?run=1&lang=en")
    assert text.endswith("999999 more changes: http://h/changes?run=1&lang=en")
    assert "removed: x · r · 2030 · target: over 5 km (5公里)" in text  # the qualifier beside the value
    assert "quoted before: «到2030年超过5公里»" in text
    parsed = feedparser.parse(feed.atom([run], {1: [change]}, "http://h/", "zh", None))
    assert parsed.entries[0].updated.startswith("2026-03-01T00:00:00")  # unfinished: its start, as UTC


def test_no_database_is_a_503(monkeypatch, tmp_path):
    client = blueprint_client(monkeypatch, sqlite_url(tmp_path / "absent.db"), feed.blueprint)
    r = client.get("/changes.atom")
    assert r.status_code == 503 and b"not available" in r.data


def test_pages_announce_the_feed_and_the_changes_page_links_it(two_builds):
    from dashboard.app import create_app
    from dashboard.views.changes import changes_view
    app = create_app(url=two_builds)
    page = app.server.test_client().get("/method").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml" title="Changes · 变化" href="/changes.atom">' in page
    view = changes_view([], [], None, "en", [])
    (link,) = [c for c in view.children if getattr(c, "id", None) is None and hasattr(c, "children")
               and getattr(c.children, "id", None) == "chg-feed"]
    assert link.children.href == "/changes.atom?lang=en"
    assert link.children.children == "Subscribe to changes (Atom feed)"


def test_a_change_log_from_before_the_quotes_is_carried_over_without_them(tmp_path):
    """A database built by the previous schema has no quote columns in `changes`: the next build keeps
    its entries (quotes unknown) and records its own with quotes."""
    import sqlite3

    from db.queries import change_list
    entry = write_mini_catalog(tmp_path / "cat")
    opts = RefreshOptions(entry=entry, url=sqlite_url(tmp_path / "data" / "jjj.db"), keep=0)
    assert refresh(opts).swapped
    with sqlite3.connect(tmp_path / "data" / "jjj.db") as conn:
        conn.execute("ALTER TABLE changes DROP COLUMN old_quote")
        conn.execute("ALTER TABLE changes DROP COLUMN new_quote")
        conn.execute("ALTER TABLE changes DROP COLUMN old_qualifier")
        conn.execute("ALTER TABLE changes DROP COLUMN new_qualifier")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        before = conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    root = entry.parent
    rewrite_document(root, "doc-b", "b.txt", OLD_QUOTE + "。", NEW_QUOTE + "。", "2026-02")
    edit(root, "catalog/observations/doc-b.yaml", 'value: "2300"', 'value: "2310"')
    edit(root, "catalog/observations/doc-b.yaml", "quote: " + OLD_QUOTE, "quote: " + NEW_QUOTE)
    assert refresh(opts).swapped
    engine = create_engine(opts.url)
    with engine.connect() as conn:
        runs = run_list(conn)
        carried, new = change_list(conn, run_id=runs[1].id), change_list(conn, run_id=runs[0].id)
    engine.dispose()
    assert len(carried) == before and all(c.new_quote is None and c.new_qualifier is None for c in carried)
    (changed,) = new
    assert (changed.old_quote, changed.new_quote) == (OLD_QUOTE, NEW_QUOTE)
    assert changed.old_qualifier == changed.new_qualifier == "exact"


def test_a_cut_list_of_changes_shows_corrections_before_additions(tmp_path):
    """The feed lists the first 100 changes of a build: a correction must not hide behind additions."""
    from db.queries import change_list
    entry = write_mini_catalog(tmp_path / "cat")
    opts = RefreshOptions(entry=entry, url=sqlite_url(tmp_path / "data" / "jjj.db"), keep=0)
    assert refresh(opts).swapped
    root = entry.parent
    rewrite_document(root, "doc-b", "b.txt", OLD_QUOTE + "。", NEW_QUOTE + "。2022年集装箱吞吐量达到2100万标准箱。",
                     "2026-02")
    edit(root, "catalog/observations/doc-b.yaml", 'value: "2300"', 'value: "2310"')
    edit(root, "catalog/observations/doc-b.yaml", "quote: " + OLD_QUOTE,
         "quote: " + NEW_QUOTE + "\n  - indicator: container-throughput\n    region: tianjin-port\n    kind: observed\n"
         '    period: "2022"\n    value: "2100"\n    unit: 万标准箱\n    qualifier: exact\n'
         "    quote: 2022年集装箱吞吐量达到2100万标准箱")
    assert refresh(opts).swapped
    engine = create_engine(opts.url)
    with engine.connect() as conn:
        newest = run_list(conn)[0].id
        every, first = change_list(conn, run_id=newest), change_list(conn, run_id=newest, limit=1)
    engine.dispose()
    assert sorted(c.change for c in every) == ["added", "changed"]  # the addition sorts first by key
    assert [c.change for c in first] == ["changed"]
