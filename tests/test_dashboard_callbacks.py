"""Callbacks and page layouts called as plain functions, against the database built from the catalog."""
import json
import re

import pytest
from dash import html, no_update

from dashboard.callbacks import (
    data_filters_changed,
    indicator_region_changed,
    overview_filters_changed,
    render_header,
    updated_search,
)
from dashboard.components.evidence import quote_parts


@pytest.fixture(scope="module")
def ctx(built_url):
    from dashboard.app import create_app
    app = create_app(url=built_url)
    with app.server.test_request_context("/"):
        yield app


def walk(component):
    """Every component in a layout tree."""
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def text_of(component) -> str:
    parts = []
    for c in walk(component):
        kids = getattr(c, "children", None)
        for k in kids if isinstance(kids, (list, tuple)) else [kids]:
            if isinstance(k, (str, int, float)):
                parts.append(str(k))
    return " ".join(parts)


def find(component, id_):
    return next((c for c in walk(component) if getattr(c, "id", None) == id_), None)


def test_filter_changes_write_the_query_string_and_keep_the_language():
    assert overview_filters_changed("transport", None, None, "", {}, "?lang=en") == "?lang=en&theme=transport"
    assert overview_filters_changed(None, None, None, "", {"theme": "transport"}, "?theme=transport") == ""
    assert indicator_region_changed("tianjin-port", {"region": "tianjin"}, "?lang=en") == "?lang=en&region=tianjin-port"
    assert data_filters_changed("economy", None, "target", None, {}, "") == "?theme=economy&kind=target"


def test_controls_showing_the_rendered_state_leave_the_url_alone():
    # Dash fires these when a page's controls are inserted: a bad parameter must survive for its message
    rendered = {"theme": None, "region": None, "status": None, "has_target": None}
    assert overview_filters_changed(None, None, None, "", rendered, "?theme=bogus") is no_update
    assert indicator_region_changed("tianjin", {"region": "tianjin"}, "?region=atlantis") is no_update
    assert updated_search("?a=1&lang=en", a=None, b=["x", "y"]) == "?lang=en&b=x,y"


def test_header_shows_build_time_and_counts_from_the_database(ctx, built_db):
    import sqlite3
    with sqlite3.connect(built_db) as con:
        n_ind = con.execute("select count(*) from indicators").fetchone()[0]
        n_doc = con.execute("select count(*) from documents").fetchone()[0]
        built = con.execute("select value from meta where key='built_at'").fetchone()[0]
    head = render_header("/data", "?theme=economy&lang=en")
    assert f"{n_ind} indicators · {n_doc} documents" in text_of(head)
    assert built[:10] in text_of(head)
    assert find(head, "lang-zh").href == "/data?theme=economy"
    assert find(head, "lang-en").href == "/data?theme=economy&lang=en"
    assert "项指标" in text_of(render_header("/", ""))


def test_overview_filters_by_theme_and_says_no_target(ctx, built_db):
    import sqlite3

    from dashboard.views.overview import overview_layout
    with sqlite3.connect(built_db) as con:
        n_transport = con.execute("select count(*) from progress join indicators i on i.id = indicator_id "
                                  "where i.theme = 'transport'").fetchone()[0]
    page = overview_layout(lang="en", theme="transport")
    cards = [c for c in walk(page) if getattr(c, "className", None) == "indicator-card"]
    assert len(cards) == n_transport > 0
    sections = [c.id for c in walk(page) if str(getattr(c, "id", "")).startswith("theme-")]
    assert sections == ["theme-transport"]
    assert "no target stated" in text_of(page)
    assert "510 km by 2030" in text_of(find(page, "headline-2030"))
    assert "未提出目标" in text_of(overview_layout(lang="zh", theme="transport"))


def test_bad_url_values_give_a_message_not_a_traceback(ctx):
    from dashboard.views.indicator import indicator_layout
    from dashboard.views.overview import overview_layout
    page = overview_layout(lang="en", theme="bogus", status="nope")
    assert "theme=bogus" in text_of(page) and "status=nope" in text_of(page)
    missing = indicator_layout(indicator_id="no-such-indicator", lang="en")
    assert "no-such-indicator" in text_of(missing) and find(missing, "indicator-chart") is None
    odd_region = indicator_layout(indicator_id="hsr-intercity-rail-km", region="atlantis", lang="en")
    assert "region=atlantis" in text_of(odd_region) and find(odd_region, "indicator-chart") is not None


def test_indicator_page_has_chart_target_evidence_and_download(ctx):
    from dashboard.views.indicator import indicator_layout
    page = indicator_layout(indicator_id="hsr-intercity-rail-km", region="tianjin", lang="en")
    fig = find(page, "indicator-chart").figure
    target_line = next(tr for tr in fig.data if tr.meta == "target_line")
    assert list(target_line.y) == [510.0, 510.0]
    assert find(page, "download-indicator").href == "/download/indicator/hsr-intercity-rail-km.csv?region=tianjin"
    evidence = text_of(find(page, "evidence-list"))
    assert "到2030年，高铁、城际里程达到" in evidence and "510公里" in evidence
    marks = [c.children for c in walk(find(page, "evidence-list")) if isinstance(c, html.Mark)]
    assert "410" in marks and "510" in marks


def test_container_throughput_marks_lower_bounds(ctx):
    from dashboard.views.indicator import indicator_layout
    page = indicator_layout(indicator_id="container-throughput", region="tianjin-port", lang="zh")
    fig = find(page, "indicator-chart").figure
    bounds = next(tr for tr in fig.data if tr.meta == "lower_bound")
    assert 23_290_000 in list(bounds.y)
    assert "超2,329万标准箱" in text_of(find(page, "verdict"))  # the lower bound keeps its 超


def test_quote_number_is_highlighted_as_text():
    parts = quote_parts("2023年集装箱吞吐量突破2200万标准箱", "2200", "万标准箱")
    assert parts[0] == "2023年集装箱吞吐量突破" and parts[1].children == "2200" and parts[2] == "万标准箱"
    assert quote_parts("<script>x</script>", "9") == ["<script>x</script>"]
    # the unit decides where the number is, not its first appearance
    assert quote_parts("2020年增长20个", "20", "个")[0] == "2020年增长"


def test_data_page_link_downloads_as_filtered(ctx):
    from dashboard.views.data_table import data_layout
    page = data_layout(lang="en", theme="port-trade", kind="observed")
    assert find(page, "data-download").href == "/download/observations.csv?theme=port-trade&kind=observed"
    rows = find(page, "data-grid").rowData
    assert rows and {r["kind"] for r in rows} == {"observed"}


def test_compare_sources_and_method_pages_render(ctx):
    from dashboard.views.compare import compare_layout
    from dashboard.views.method import method_layout
    from dashboard.views.sources import sources_layout
    cmp = compare_layout(series="container-throughput:tianjin-port,hsr-intercity-rail-km:tianjin", mode="indexed")
    fig = find(cmp, "compare-chart").figure
    assert len(fig.data) == 2 and fig.data[0].y[0] == 100.0
    src = sources_layout(lang="en", doc="tianjin-ten-years-review")
    assert "2200" in text_of(find(src, "doc-statements"))
    assert "0.95" in text_of(method_layout(lang="en"))
    assert json.dumps(method_layout(lang="zh").to_plotly_json(), default=str)


def test_a_parameter_given_twice_does_not_break_the_indicator_page(built_url, monkeypatch):
    monkeypatch.setenv("JJJ_DATABASE_URL", built_url)
    from dashboard.views.indicator import indicator_layout
    page = indicator_layout(indicator_id=["hsr-intercity-rail-km", "expressway-km"], region=["tianjin", "x"],
                            lang=["en", "zh"])
    assert "High-speed and intercity rail length" in json.dumps(page.to_plotly_json(), default=str)


def test_unfiltered_overview_previews_each_theme_and_links_to_the_rest(built_url, monkeypatch):
    monkeypatch.setenv("JJJ_DATABASE_URL", built_url)
    from dashboard.views.overview import CARDS_PER_THEME, overview_layout
    page = json.dumps(overview_layout(lang="en").to_plotly_json(), default=str)
    assert "ov-more-port-trade" in page and "Show all" in page and "?theme=port-trade" in page
    filtered = json.dumps(overview_layout(lang="en", theme="port-trade").to_plotly_json(), default=str)
    assert "ov-more-" not in filtered
    assert filtered.count("className='indicator-card'") > CARDS_PER_THEME


def test_cards_with_targets_come_first():
    from dashboard.views.overview import preview
    from db.records import Indicator, Region
    from tests.record_factories import make, progress_row

    def series(i, target, status, n):
        return {"indicator": make(Indicator, id=f"i{i}"), "region": make(Region, id="r"), "points": [{}] * n,
                "progress": progress_row(target_value=1.0 if target else None, status=status)}
    items = [series(1, False, "not_assessed", 5), series(2, False, "substantial", 2),
             series(3, True, "not_assessed", 1)]
    shown, hidden = preview(items * 4, filtered=False)
    assert shown[0]["indicator"].id == "i3" and hidden == 4
    assert len(preview(items, filtered=True)[0]) == 3
    from dashboard.views.overview import MAX_CARDS_PER_THEME
    many, left_out = preview(items * MAX_CARDS_PER_THEME, filtered=True)
    assert len(many) == MAX_CARDS_PER_THEME and left_out == 2 * MAX_CARDS_PER_THEME


def test_series_are_grouped_by_their_indicators_theme_in_order():
    from dashboard.views.overview import by_theme
    from db.records import Indicator
    from tests.record_factories import make

    items = [{"indicator": make(Indicator, id=f"i{n}", theme=theme)} for n, theme in enumerate("abacb")]
    groups = by_theme(items)
    assert {theme: [s["indicator"].id for s in group] for theme, group in groups.items()} == \
        {"a": ["i0", "i2"], "b": ["i1", "i4"], "c": ["i3"]}


def test_compare_says_what_the_chart_cannot(ctx):
    from dashboard.views.compare import MAX_SERIES, compare_layout
    both = "container-throughput:tianjin-port,hsr-intercity-rail-km:tianjin"
    absolute = compare_layout(lang="en", series=both + ",container-throughput:tianjin-port", mode="absolute")
    assert len(find(absolute, "compare-chart").figure.data) == 2  # the repeated series is drawn once
    assert "different units" in text_of(find(absolute, "cmp-mixed-units"))
    assert find(compare_layout(lang="en", series=both, mode="small"), "cmp-mixed-units") is None
    indexed = compare_layout(lang="en", series=both, mode="indexed")  # rail: one year only (2024)
    assert "High-speed and intercity rail length · Tianjin" in text_of(find(indexed, "cmp-single-year"))
    flood = compare_layout(lang="zh", series=",".join(f"x{i}:y" for i in range(MAX_SERIES + 5)))
    assert "仅显示前12个" in text_of(find(flood, "cmp-too-many"))


def test_indicator_page_explains_what_it_cannot_draw(ctx):
    from dashboard.views.indicator import indicator_layout
    target_only = indicator_layout(indicator_id="expressway-km", region="tianjin", lang="en")
    assert "state no level" in text_of(find(target_only, "ind-no-levels"))
    assert find(target_only, "indicator-chart") is not None  # the 2030 target is still drawn
    no_year = indicator_layout(indicator_id="hundred-billion-industrial-clusters", lang="zh")
    assert find(no_year, "ind-no-levels") is not None and find(no_year, "indicator-chart") is None
    hsr = text_of(find(indicator_layout(indicator_id="hsr-intercity-rail-km", lang="en"), "verdict"))
    assert "+3.7% a year" in hsr  # what it would take from 410 km (2024) to 510 km (2030)
    assert "no target stated" in text_of(find(indicator_layout(indicator_id="pm25-annual-mean", region="tianjin",
                                                               lang="en"), "verdict"))


def test_grid_count_follows_the_column_filters():
    from dashboard.callbacks import grid_count_changed
    rendered = {"total": 3, "lang": "en"}
    assert grid_count_changed([{}, {}, {}], rendered) == "3 rows"
    assert grid_count_changed([{}], rendered) == "1 of 3 rows (column filters apply on screen only)"
    assert grid_count_changed(None, rendered) is no_update


def test_data_grid_speaks_the_reader_language(ctx):
    from dashboard.views.data_table import data_layout
    grid = find(data_layout(lang="zh", indicator="container-throughput"), "data-grid")
    assert grid.dashGridOptions["localeText"]["nextPage"] == "下一页"
    row = next(r for r in grid.rowData if r["as_written"].startswith("2329"))
    assert (row["unit"], row["qualifier"], row["value"]) == ("标准箱", "超", 23_290_000)
    assert find(data_layout(lang="en"), "data-grid").dashGridOptions["localeText"] == {}


def test_headline_says_what_the_2030_rail_target_takes(built_url, monkeypatch):
    monkeypatch.setenv("JJJ_DATABASE_URL", built_url)
    from dashboard.views.overview import overview_layout
    strip = text_of(find(overview_layout(lang="en"), "headline-2030"))
    assert "510 km by 2030" in strip and "Needs +3.7% a year from the 2024 level" in strip


@pytest.mark.parametrize("content", [None, b"not a database at all" * 100])
def test_pages_and_header_say_when_the_database_cannot_be_read(ctx, tmp_path, monkeypatch, content):
    import dash
    layouts = {page.get("path_template") or page["path"]: page["layout"] for page in dash.page_registry.values()}
    overview_page, indicator_page = layouts["/"], layouts["/indicator/<indicator_id>"]
    monkeypatch.delitem(ctx.server.config, "JJJ_DATABASE_URL")
    db = tmp_path / "jjj.db"
    if content is not None:
        db.write_bytes(content)
    monkeypatch.setenv("JJJ_DATABASE_URL", f"sqlite:///{db}")
    for page in (overview_page(lang="en"), indicator_page(indicator_id="x", lang="zh")):
        assert "db-unavailable" in page.className
    assert "数据暂不可用" in text_of(render_header("/", "?lang=zh"))


def test_unknown_parameters_and_languages_are_named():
    from dashboard.views.guard import unused_params
    assert unused_params({"lang": "en", "theme": "x", "utm_source": "chat"}, {"lang", "theme"}) == [
        ("utm_source", "chat")]
    assert unused_params({"lang": "fr"}, {"lang"}) == [("lang", "fr")]
    assert unused_params({"lang": ["en", "zh"]}, {"lang"}) == []


def test_a_region_without_statements_is_not_called_unknown(ctx):
    from dashboard.views.indicator import indicator_layout
    page = indicator_layout(indicator_id="hsr-intercity-rail-km", region="beijing", lang="en")
    assert "state nothing about this indicator for Beijing" in text_of(page)
    bogus = indicator_layout(indicator_id="hsr-intercity-rail-km", region="atlantis", lang="en")
    assert "region=atlantis is not known" in text_of(bogus)


def test_refresh_log_shows_each_run_once_and_survives_a_hand_edited_log(tmp_path):
    from dashboard.db_access import refresh_log
    from dashboard.views.changes import refresh_table
    log = tmp_path / "refresh-runs.jsonl"
    log.write_text("\n".join([
        '{"run_uuid": "a", "status": "started", "started_at": "2026-11-29T10:00:00+00:00"}',
        '{"run_uuid": "a", "status": "ok", "started_at": "2026-11-29T10:00:00+00:00", '
        '"changes": {"observations": {"added": 1}}}',
        '{"run_uuid": "b", "status": "started", "started_at": "2026-11-29T11:00:00+00:00"}',
        '{"run_uuid": "c", "status": "failed", "changes": 5, "error": ["not", "text"], "started_at": 7}',
        '[1, 2]', '{"run_uuid": "d", "sta',
    ]), encoding="utf-8")
    runs = refresh_log(f"sqlite:///{tmp_path / 'jjj.db'}")
    assert [r["run_uuid"] for r in runs] == ["c", "b", "a"]  # newest first, one line per run
    text = text_of(refresh_table(runs, "en"))
    assert "observations +1" in text and "started (running, or stopped before it finished)" in text


def test_data_grid_holds_a_page_and_says_how_many_match(ctx, monkeypatch):
    from dashboard.views import data_table
    monkeypatch.setattr(data_table, "GRID_ROW_LIMIT", 5)
    page = data_table.data_layout(lang="en", theme="port-trade")
    rows = find(page, "data-grid").rowData
    assert len(rows) == 5
    total = int(re.search(r"first 5 of (\d+) statements", text_of(find(page, "data-truncated"))).group(1))
    from db.engine import read_engine
    from db.export import iter_tidy_rows
    with read_engine(ctx.server.config["JJJ_DATABASE_URL"]).connect() as conn:
        download = list(iter_tidy_rows(conn, theme="port-trade"))
    assert total == len(download) > 5 and [r["quote"] for r in rows] == [r["quote"] for r in download[:5]]
    kinds = find(data_table.data_layout(lang="en", theme="port-trade", kind="target"), "data-truncated")
    assert kinds is None  # port & trade states no target: nothing to truncate


def test_series_years_gives_one_value_a_year_from_yearly_levels(db, built_url):
    from sqlalchemy import create_engine

    from db.queries import series_years
    with create_engine(built_url).connect() as conn:
        years = series_years(conn)
    expected = db.execute("select year, avg(value) from observations where indicator_id = 'container-throughput' "
                          "and region_id = 'tianjin-port' and kind in ('observed', 'derived') and period_span in "
                          "('year', 'years', 'document') group by year order by year").fetchall()
    assert years[("container-throughput", "tianjin-port")] == [tuple(r) for r in expected] and len(expected) >= 2
    assert sum(len(v) for v in years.values()) < db.execute("select count(*) from observations").fetchone()[0]


def test_sources_page_lists_a_bounded_number_of_statements(ctx, monkeypatch):
    from dashboard.views import sources
    monkeypatch.setattr(sources, "SOURCE_ROW_LIMIT", 3)
    page = sources.sources_layout(lang="en", doc="tianjin-ten-years-review")
    assert len(find(page, "doc-statements").children[1].children) == 3
    assert "The first 3 of this document's 60 statements" in text_of(find(page, "doc-truncated"))


def test_dropdowns_speak_the_reader_language(ctx):
    from dashboard.views.compare import compare_layout
    picker = find(compare_layout(lang="zh"), "cmp-series")
    assert picker.labels["selected_count"] == "已选 {num_selected} 项"
    assert find(compare_layout(lang="en"), "cmp-series").labels["selected_count"] == "{num_selected} selected"


def test_the_chart_marks_the_target_of_its_own_region_when_two_regions_share_year_and_value():
    from dashboard.views.indicator import chosen_target
    from tests.record_factories import progress_row, statement
    other = statement(key="t-beijing", kind="target", region_id="beijing", target_year=2030, value=100.0)
    own = statement(key="t-tianjin", kind="target", region_id="tianjin", target_year=2030, value=100.0)
    row = progress_row(region_id="tianjin", target_year=2030, target_value=100.0)
    assert chosen_target([other, own], row).key == "t-tianjin"
    assert chosen_target([other], row) is None
