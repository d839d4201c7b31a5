"""Figure builders: pure functions from records to figures."""
from dataclasses import replace

from dashboard.figures.compare import compare_figure, indexed
from dashboard.figures.hover import safe_lines
from dashboard.figures.indicator import indicator_figure, point_groups
from dashboard.figures.overview import status_by_theme_figure
from dashboard.figures.sparkline import sparkline_points, sparkline_svg
from db.records import Theme
from tests.record_factories import point, progress_row, statement


def _point(year, value, kind="observed", qualifier="exact", quote="2023年吞吐量突破2200万标准箱"):
    return point(year=year, value=value, kind=kind, qualifier=qualifier, period=str(year),
                 quote=quote, document_title="文件", document_title_en="Doc", document_date="2024",
                 indicator_id="x", region_id="r", key=f"k{year}{kind}")


PROGRESS = progress_row(baseline_year=2014, baseline_value=100.0, current_year=2024, current_value=150.0,
                        target_year=2030, target_value=300.0, projected_value=190.0)


def _by_meta(fig):
    return {tr.meta: tr for tr in fig.data}


def test_points_are_grouped_into_observed_lower_bounds_and_derived():
    groups = point_groups([_point(2014, 1), _point(2020, 2, qualifier="more_than"), _point(2022, 3, kind="derived")])
    assert [len(groups[g]) for g in ("observed", "lower_bound", "derived")] == [1, 1, 1]


def test_indicator_figure_draws_every_mark():
    points = [_point(2014, 100.0), _point(2020, 120.0, qualifier="more_than"), _point(2022, 140.0, kind="derived"),
              _point(2024, 150.0)]
    fig = indicator_figure(points, "km", "en", PROGRESS, statement(quote="到2030年达到300公里", qualifier="exact"))
    traces = _by_meta(fig)
    assert set(traces) == {"observed", "lower_bound", "derived", "baseline", "target_line", "target",
                           "required_path", "projection"}
    assert traces["lower_bound"].marker.symbol == "triangle-up"
    assert traces["lower_bound"].name == "lower bound (over …)"
    assert traces["derived"].marker.symbol == "circle-open" and traces["derived"].line.dash == "dash"
    assert list(traces["target_line"].y) == [300.0, 300.0] and traces["target_line"].x[-1] == 2030
    assert list(traces["required_path"].x) == [2014, 2030] and traces["required_path"].line.dash == "dot"
    assert list(traces["projection"].y) == [150.0, 190.0]
    assert "到2030年达到300公里" in traces["target"].hovertemplate


def test_hover_carries_source_and_quote_as_escaped_text():
    fig = indicator_figure([_point(2024, 1.0, quote="<b>不是标签</b>")], "km", "zh")
    custom = fig.data[0].customdata[0]
    assert custom[0] == "1公里"
    assert "文件 (2024)" in custom[2]
    assert "&lt;b&gt;不是标签&lt;/b&gt;" in custom[3] and "<b>" not in custom[3]


def test_without_target_there_is_no_target_line():
    fig = indicator_figure([_point(2014, 1.0), _point(2024, 2.0)], "km", "zh",
                           replace(PROGRESS, target_value=None, target_year=None))
    assert "target_line" not in _by_meta(fig) and "baseline" in _by_meta(fig)


def test_safe_lines_wraps_long_chinese_text():
    assert safe_lines("一" * 70, 34).count("<br>") == 2


def test_compare_indexed_and_small_multiples():
    assert indexed([50.0, 75.0]) == [100.0, 150.0]
    assert indexed([0.0, 1.0]) == [None, None]
    series = [{"label": "A", "unit": "km", "points": [_point(2014, 50.0), _point(2024, 75.0)]},
              {"label": "B", "unit": "TEU", "points": [_point(2014, 10.0), _point(2024, 30.0)]}]
    fig = compare_figure(series, "indexed", "en")
    assert list(fig.data[1].y) == [100.0, 300.0]
    assert fig.data[1].customdata[1][0] == "300.0 (index, 2014 = 100) · 30 TEU"
    small = compare_figure(series, "small", "en")
    assert small.data[1].yaxis == "y2"
    assert small.layout.yaxis.rangemode == "tozero" and small.layout.yaxis2.rangemode == "tozero"
    assert list(compare_figure(series, "bogus", "en").data[0].y) == [50.0, 75.0]


def test_status_chart_counts_per_theme_with_icons_in_legend():
    rows = [progress_row(indicator_id="a", status="substantial"), progress_row(indicator_id="b", status="substantial"),
            progress_row(indicator_id="c", status="not_assessed")]
    themes = [Theme(id="t1", zh="交通", en="Transport"), Theme(id="t2", zh="空", en="Empty")]
    fig = status_by_theme_figure(rows, themes, {"a": "t1", "b": "t1", "c": "t1"}, "en")
    bars = _by_meta(fig)
    assert list(bars["substantial"].x) == [2] and list(bars["substantial"].y) == ["Transport"]
    assert bars["substantial"].name.startswith("▲")


def test_sparkline_scales_into_the_box():
    pts = sparkline_points([1, 2, 3], width=100, height=20, pad=0)
    assert pts[0] == (0, 20) and pts[-1] == (100, 0)
    assert sparkline_points([]) == []
    assert "<polyline" in sparkline_svg([1, 2]) and "<polyline" not in sparkline_svg([5])


def test_small_multiples_take_many_series():
    from dashboard.figures.compare import compare_figure
    series = [{"label": f"s{i}", "unit": "km", "points": [point(year=2020, value=1.0, qualifier="exact"),
                                                           point(year=2024, value=2.0, qualifier="exact")]}
              for i in range(30)]
    fig = compare_figure(series, "small", "en")
    assert len(fig.layout.annotations) == 30  # one title per panel


def test_large_values_get_chinese_and_english_magnitude_ticks():
    points = [_point(2014, 14_000_000.0), _point(2024, 23_290_000.0)]
    zh = indicator_figure(points, "TEU", "zh").layout.yaxis
    assert list(zh.ticktext) == ["0", "500万", "1,000万", "1,500万", "2,000万", "2,500万"]
    assert list(zh.tickvals)[-1] == 25_000_000
    en = indicator_figure(points, "TEU", "en").layout.yaxis
    assert list(en.ticktext)[1:3] == ["5 M", "10 M"]
    small = indicator_figure([_point(2014, 410.0), _point(2024, 510.0)], "km", "zh").layout.yaxis
    assert small.tickvals is None  # plotly's own ticks read fine below 10,000


def test_a_target_alone_is_drawn_against_the_strategy_span_and_nothing_is_drawn_without_a_year():
    from dashboard.figures.indicator import drawable
    only_target = progress_row(target_year=2030, target_value=1450.0)
    fig = indicator_figure([], "km", "en", only_target)
    assert _by_meta(fig)["target"].x == (2030,)
    assert list(fig.layout.xaxis.range) == [2013.5, 2030.5]
    assert drawable([], only_target)
    assert not drawable([], progress_row(target_year=None, target_value=3.0)) and not drawable([], None)


def test_every_figure_uses_only_traces_of_plotly_basic_bundle():
    # deploy/plotly-bundle.sh serves plotly.js's basic bundle: scatter, bar and pie only
    basic = {"scatter", "bar", "pie"}
    points = [_point(2014, 100.0), _point(2020, 120.0, qualifier="more_than"), _point(2022, 140.0, kind="derived")]
    series = [{"label": "A", "unit": "km", "points": points}, {"label": "B", "unit": "TEU", "points": points}]
    figures = [indicator_figure(points, "km", "en", PROGRESS, statement(quote="q", qualifier="exact")),
               *(compare_figure(series, mode, "zh") for mode in ("absolute", "indexed", "small")),
               status_by_theme_figure([progress_row(indicator_id="a", status="substantial")],
                                      [Theme(id="t", zh="交通", en="Transport")], {"a": "t"}, "en")]
    assert {trace.type for fig in figures for trace in fig.data} <= basic
