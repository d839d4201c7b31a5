"""The pages' summary tables (db/page_summaries.py): written by both builds, equal to what the pages computed
from every observation before, checked before the swap, and enough for a cold worker's first overview and
indicator page to read no observation but through the series index."""
from __future__ import annotations

import re
import shutil
import sqlite3
from collections import Counter

import pytest
from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.engine import Engine

import etl.stream_build
from db.engine import sqlite_url
from db.page_summaries import yearly_levels_select
from db.schema import SeriesYear
from db.write import BuildCheckFailed
from etl.build import build, build_in_memory
from tests.test_stream_build import catalog as external_catalog

YEARLY_LEVELS = ("SELECT indicator_id, region_id, year, avg(value) FROM observations "
                 "WHERE kind IN ('observed', 'derived') AND period_span IN ('year', 'years', 'document') "
                 "AND year IS NOT NULL GROUP BY indicator_id, region_id, year")


def reference(url: str) -> tuple[set, Counter]:
    """What the pages computed per request before schema 6: the yearly means (the old series_years query),
    and statements per indicator, region and document counted row by row in Python."""
    engine = create_engine(url)
    with engine.connect() as conn:
        years = {tuple(r) for r in conn.execute(text(YEARLY_LEVELS))}
        counts = Counter((table, *r) for table in ("observations", "targets") for r in conn.execute(
            text(f"SELECT indicator_id, region_id, document_id FROM {table}")))
    engine.dispose()
    return years, counts


def stored(url: str) -> tuple[set, Counter]:
    engine = create_engine(url)
    with engine.connect() as conn:
        years = {tuple(r) for r in conn.execute(text("SELECT indicator_id, region_id, year, value FROM series_years"))}
        counts = Counter()
        for i, r, d, n_obs, n_tgt in conn.execute(text("SELECT indicator_id, region_id, document_id, observations, "
                                                      "targets FROM series_documents")):
            counts.update({("observations", i, r, d): n_obs, ("targets", i, r, d): n_tgt})
        counts = +counts  # a document that gives no target about a series is not listed as giving 0
    engine.dispose()
    return years, counts


def test_both_builds_store_what_the_pages_computed_on_the_mini_catalog(mini, tmp_path):
    entry, live = mini  # built by the streamed build
    years, counts = reference(sqlite_url(live))
    assert stored(sqlite_url(live)) == (years, counts)
    assert years and sum(counts.values()) > len(counts)  # a document giving several statements is counted once
    build_in_memory(entry, sqlite_url(tmp_path / "memory.db"))
    assert stored(sqlite_url(tmp_path / "memory.db")) == (years, counts)


@pytest.fixture(scope="module")
def external_db(tmp_path_factory):
    """The mini catalog grown by external series (monthly and yearly, two sources for one series), streamed."""
    root = tmp_path_factory.mktemp("ext")
    entry = external_catalog(root / "cat")
    build(entry, sqlite_url(root / "live.db"))
    return entry, root / "live.db"


def test_external_series_are_summarized_like_hand_coded_statements(external_db, tmp_path):
    entry, live = external_db
    years, counts = reference(sqlite_url(live))
    assert stored(sqlite_url(live)) == (years, counts)
    # monthly levels have no yearly point; the yearly external series does (2014 and 2022 from the CSV)
    assert {2014, 2022} <= {y for i, r, y, _v in years if (i, r) == ("container-throughput", "tianjin-port")}
    assert not [y for i, r, y, v in years if (i, r) == ("exports-value", "tj-binhai")]
    assert counts[("observations", "exports-value", "tianjin", "external-exports-monthly")] == 12
    build_in_memory(entry, sqlite_url(tmp_path / "memory.db"))
    assert stored(sqlite_url(tmp_path / "memory.db")) == (years, counts)


def test_the_read_gives_what_the_old_query_gave(external_db):
    from db.queries import series_years
    _entry, live = external_db
    engine = create_engine(sqlite_url(live))
    with engine.connect() as conn:
        got = series_years(conn)
        old: dict = {}
        for i, r, y, v in conn.execute(text(YEARLY_LEVELS + " ORDER BY indicator_id, region_id, year")):
            old.setdefault((i, r), []).append((y, v))
    engine.dispose()
    assert got == old and len(got) > 3


def test_a_build_whose_summaries_miss_statements_is_not_swapped_in(mini, monkeypatch):
    entry, live = mini
    before = live.read_bytes()

    def years_only(conn):  # as if the per-document counts had been lost
        conn.execute(insert(SeriesYear).from_select(["indicator_id", "region_id", "year", "value"],
                                                    yearly_levels_select()))

    monkeypatch.setattr(etl.stream_build, "write_page_summaries", years_only)
    with pytest.raises(BuildCheckFailed, match=r"series_documents: 0 observations counted, \d+ written"):
        build(entry, sqlite_url(live))
    assert live.read_bytes() == before


def test_a_database_of_schema_5_is_rebuilt_before_serving(mini):
    from etl.build import needs_build
    entry, live = mini
    with sqlite3.connect(live) as conn:
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    from db.schema import SCHEMA_VERSION
    assert needs_build(entry, sqlite_url(live)) == f"it was built with schema 5, this code uses {SCHEMA_VERSION}"


# --- a cold worker's first requests --------------------------------------------------------------------

def observation_reads(db_path, render) -> tuple[list[str], list[str]]:
    """Run `render` in a new app over a database no process has read (so no cache holds it) and return the
    statements it sent that read observations, and how SQLite executes each (EXPLAIN QUERY PLAN)."""
    from dashboard.app import create_app
    app = create_app(url=sqlite_url(db_path))
    sent: list[tuple[str, tuple]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        sent.append((statement, tuple(parameters or ())))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        with app.server.test_request_context("/"):
            render()
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    reads = [(s, p) for s, p in sent if re.search(r"\b(FROM|JOIN)\s+observations\b", s)]
    raw = sqlite3.connect(db_path)
    plans = [" / ".join(row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + s, p)) for s, p in reads]
    raw.close()
    return [s for s, _ in reads], plans


@pytest.fixture()
def cold_external(external_db, tmp_path):
    """A copy of the external-series database under a new path: no cache in this process knows it."""
    path = tmp_path / "cold.db"
    shutil.copyfile(external_db[1], path)
    return path


def test_first_overview_request_reads_no_observation(cold_external):
    from dashboard.views.overview import overview_layout
    reads, _plans = observation_reads(cold_external, lambda: overview_layout(lang="zh"))
    assert reads == []


def test_first_indicator_request_reads_observations_only_through_an_index(cold_external):
    from dashboard.views.indicator import indicator_layout
    reads, plans = observation_reads(cold_external,
                                     lambda: indicator_layout(indicator_id="exports-value", region="tianjin"))
    assert reads, "the chart's levels and the newest statements are read from observations"
    for plan in plans:  # one series by its index, or statements by their keys: never a pass over the table
        steps = [step for step in plan.split(" / ") if re.match(r"(SCAN|SEARCH) observations\b", step)]
        assert steps and all("(indicator_id=? AND region_id=?)" in s or "(key=?)" in s for s in steps), plan


def test_a_long_series_lists_its_newest_statements_and_links_to_the_rest(cold_external, monkeypatch):
    from dashboard.app import create_app
    from dashboard.views import indicator
    from tests.test_dashboard_callbacks import find, text_of
    monkeypatch.setattr(indicator, "EVIDENCE_SHOWN", 5)
    raw = sqlite3.connect(cold_external)
    every = sorted([(y, k, key) for y, k, key in raw.execute(
        "SELECT year, kind, key FROM observations WHERE indicator_id = 'exports-value' AND region_id = 'tianjin'")]
        + [(y or 0, "target", key) for y, key in raw.execute(
            "SELECT target_year, key FROM targets WHERE indicator_id = 'exports-value' AND region_id = 'tianjin'")])
    raw.close()
    assert len(every) > 5
    app = create_app(url=sqlite_url(cold_external))
    for lang, words in (("en", f"{len(every) - 5} more statements"), ("zh", f"另有 {len(every) - 5} 条陈述")):
        with app.server.test_request_context("/"):
            page = indicator.indicator_layout(indicator_id="exports-value", region="tianjin", lang=lang)
        listed = [item.to_plotly_json()["props"]["data-key"] for item in find(page, "evidence-list").children]
        assert listed == [key for _y, _k, key in every[-5:]]  # the newest five, oldest of them first
        more = find(page, "ind-evidence-more")
        assert words in text_of(more)
        assert find(more, "ind-more-download").href == "/download/indicator/exports-value.csv?region=tianjin"
        assert find(more, "ind-more-table").href.startswith("/data?")
        assert "indicator=exports-value" in find(more, "ind-more-table").href


def test_a_short_series_lists_every_statement_without_a_link(cold_external):
    from dashboard.app import create_app
    from dashboard.views.indicator import indicator_layout
    from tests.test_dashboard_callbacks import find
    app = create_app(url=sqlite_url(cold_external))
    with app.server.test_request_context("/"):
        page = indicator_layout(indicator_id="exports-value", region="tj-binhai", lang="en")
    assert len(find(page, "evidence-list").children) == 1 and find(page, "ind-evidence-more") is None


# --- PostgreSQL -------------------------------------------------------------------------------------------

@pytest.mark.postgres
def test_postgres_stores_the_same_summaries(external_db, pg_url):
    from db.engine import PG_SCHEMA
    entry, live = external_db
    build(entry, pg_url)
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        years = {tuple(r) for r in conn.execute(
            text(f'SELECT indicator_id, region_id, year, value FROM "{PG_SCHEMA}".series_years'))}
        counts = {tuple(r) for r in conn.execute(text(
            f'SELECT indicator_id, region_id, document_id, observations, targets FROM "{PG_SCHEMA}".series_documents'))}
    engine.dispose()
    sqlite_years, sqlite_counts = stored(sqlite_url(live))
    assert years == sqlite_years and len(counts) > 5
    by_table = Counter()
    for i, r, d, n_obs, n_tgt in counts:
        by_table.update({("observations", i, r, d): n_obs, ("targets", i, r, d): n_tgt})
    assert +by_table == sqlite_counts


def test_document_counts_come_from_the_summary_and_equal_counting_rows(external_db):
    from db.queries import document_list
    _entry, live = external_db
    engine = create_engine(sqlite_url(live))
    with engine.connect() as conn:
        got = [(d.id, d.n_figures, d.n_targets) for d in document_list(conn)]
    engine.dispose()
    raw = sqlite3.connect(live)
    counted = raw.execute("SELECT id, (SELECT count(*) FROM observations o WHERE o.document_id = d.id), "
                          "(SELECT count(*) FROM targets t WHERE t.document_id = d.id) FROM documents d "
                          "ORDER BY date DESC, id").fetchall()
    raw.close()
    assert got == counted and any(n > 10 for _d, n, _t in got)
