"""Every read the CLI, exports, API and dashboard make gives the same answer on PostgreSQL as on SQLite."""
from __future__ import annotations

import pytest

from db import api_queries, queries
from db.engine import read_engine
from db.export import iter_progress_rows, iter_target_rows, iter_tidy_rows
from etl.build import build
from etl.changelog import COMPARED

pytestmark = pytest.mark.postgres

READS = {
    "stats": lambda c: {k: v for k, v in queries.stats(c).items() if k != "meta"},
    "themes": queries.theme_list,
    "regions": queries.region_list,
    "indicators": queries.indicator_list,
    "progress": queries.progress_list,
    "level_points": queries.level_points,
    "port_points": lambda c: queries.level_points(c, indicator_id="container-throughput", region_id="tianjin-port"),
    "statements": lambda c: queries.newest_statements(c, indicator_id="pm25-annual-mean", region_id="tianjin",
                                                      limit=30),
    "statements_cut": lambda c: queries.newest_statements(c, indicator_id="hsr-intercity-rail-km",
                                                          region_id="tianjin", limit=2),
    "targets": lambda c: queries.indicator_targets(c, indicator_id="hsr-intercity-rail-km"),
    "conflict_members": lambda c: queries.statements_by_key(c, keys=tuple(p.key for p in queries.level_points(c)[:3])),
    "series_years": queries.series_years,
    "series_documents": lambda c: queries.series_documents(c, indicator_id="pm25-annual-mean"),
    "conflicts": queries.conflict_list,
    "targets_2030": lambda c: queries.target_list(c, year=2030),
    "documents": queries.document_list,
    "snapshot": lambda c: queries.statement_snapshot(c, COMPARED),
    "tidy": lambda c: list(iter_tidy_rows(c)),
    "tidy_filtered": lambda c: list(iter_tidy_rows(c, theme="transport", kind="target")),
    "targets_export": lambda c: list(iter_target_rows(c)),
    "progress_export": lambda c: list(iter_progress_rows(c)),
    "api_indicators": lambda c: api_queries.indicator_list(c, theme="port-trade"),
    "api_detail": lambda c: api_queries.indicator_detail(c, "hsr-intercity-rail-km", "tianjin"),
    "api_sources": api_queries.sources,
}


@pytest.fixture(scope="module")
def both(built_url, catalog_entry, pg_url_module):
    build(catalog_entry, pg_url_module)
    engines = read_engine(built_url), read_engine(pg_url_module)
    yield engines
    for e in engines:
        e.dispose()


@pytest.mark.parametrize("name", sorted(READS))
def test_same_answer_on_both_backends(both, name):
    sqlite_engine, pg_engine = both
    with sqlite_engine.connect() as a, pg_engine.connect() as b:
        expected, got = READS[name](a), READS[name](b)
    assert got == expected
    if name != "conflicts":  # the real catalog has none; the mini-catalog tests cover them
        assert got, f"{name} returned nothing: the comparison would prove nothing"
