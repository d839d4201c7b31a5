"""Chart ↔ table (every plotted point is a row and every row a plotted point) and the screen-reader
summary: pure functions from the same rows the figure builders draw."""
from collections import Counter
from dataclasses import replace

import pytest

from dashboard.figures.chart_data import JOINING_LINES, compare_rows, indicator_rows
from dashboard.figures.compare import compare_figure
from dashboard.figures.indicator import indicator_figure
from dashboard.figures.summary import compare_summary, indicator_summary
from tests.record_factories import point, progress_row, statement


def _point(year, value, kind="observed", qualifier="exact", doc="文件", doc_en="Doc", period=None):
    return point(year=year, value=value, kind=kind, qualifier=qualifier, period=period or str(year),
                 quote="引文", document_title=doc, document_title_en=doc_en, document_date="2024-09-02")


POINTS = [_point(2014, 100.0), _point(2020, 120.0, qualifier="more_than"), _point(2022, 140.0, kind="derived"),
          _point(2024, 150.0, doc="另一文件", doc_en="Other doc")]
PROGRESS = progress_row(baseline_year=2014, baseline_value=100.0, current_year=2024, current_value=150.0,
                        target_year=2030, target_value=300.0, projected_value=190.0)
TARGET = statement(qualifier="exact", document_title="规划", document_title_en="Plan", document_date="2022-01-01")


def plotted_points(fig) -> Counter:
    """(meta, x, y) of every data point the figure draws; lines that only join listed points are left out,
    and the projection's first point is the current level it starts from."""
    out = Counter()
    for trace in fig.data:
        if trace.meta in JOINING_LINES:
            continue
        pairs = list(zip(trace.x, trace.y))
        if trace.meta == "projection":
            pairs = pairs[1:]
        out.update((trace.meta, x, y) for x, y in pairs)
    return out


CASES = {
    "every mark": (POINTS, PROGRESS, TARGET),
    "levels only, no target": (POINTS[:2], None, None),
    "target only": ([], progress_row(target_year=2030, target_value=510.0), TARGET),
    "baseline that is no level": ([_point(2024, 150.0)], replace(PROGRESS, baseline_value=99.0), TARGET),
    "two statements in one year": ([_point(2023, 5.0), _point(2023, 5.5, kind="derived")], None, None),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_table_rows_are_exactly_the_plotted_points(case, lang):
    points, progress, target = CASES[case]
    fig = indicator_figure(points, "km", lang, progress, target)
    rows = indicator_rows(points, "km", lang, progress, target)
    assert Counter((r["meta"], r["year"], r["value"]) for r in rows) == plotted_points(fig)


def test_joining_lines_only_join_points_in_the_table():
    fig = indicator_figure(POINTS, "km", "en", PROGRESS, TARGET)
    values = {r["value"] for r in indicator_rows(POINTS, "km", "en", PROGRESS, TARGET)}
    for trace in fig.data:
        if trace.meta in JOINING_LINES:
            assert set(trace.y) <= values


def test_indicator_rows_carry_qualifier_source_and_date():
    rows = {r["meta"]: r for r in indicator_rows(POINTS, "km", "en", PROGRESS, TARGET)}
    bound = rows["lower_bound"]
    assert bound["text"] == "over 120 km" and bound["qualifier"] == "over"
    assert (bound["source"], bound["source_date"]) == ("Doc", "2024-09-02")
    assert rows["target"]["text"] == "300 km" and rows["target"]["source"] == "Plan"
    assert rows["projection"]["source"] == "computed here from the observed trend"
    assert rows["baseline"]["source"] == "Doc"  # the baseline is a stated level: its document
    zh = {r["meta"]: r for r in indicator_rows(POINTS, "km", "zh", PROGRESS, TARGET)}
    assert zh["lower_bound"]["text"] == "超120公里" and zh["baseline"]["source"] == "文件"


@pytest.mark.parametrize("mode", ["absolute", "indexed", "small"])
def test_compare_table_rows_are_exactly_the_plotted_points(mode):
    series = [{"key": "a:r", "label": "A", "unit": "km", "points": [_point(2014, 50.0), _point(2024, 75.0)]},
              {"key": "b:r", "label": "B", "unit": "TEU",
               "points": [_point(2020, 1e7, qualifier="more_than"), _point(2023, 2.2e7)]}]
    fig = compare_figure(series, mode, "en")
    plotted = Counter((tr.name, x, y) for tr in fig.data for x, y in zip(tr.x, tr.y))
    rows = compare_rows(series, mode, "en")
    assert Counter((r["series"], r["year"], r["value"]) for r in rows) == plotted
    b20 = next(r for r in rows if r["series"] == "B" and r["year"] == 2020)
    assert b20["text"] == "over 10 M TEU" and b20["qualifier"] == "over" and b20["source"] == "Doc"
    assert (b20["index"] == "100") if mode == "indexed" else b20["index"] == ""


PORT = [_point(2023, 22_000_000.0, qualifier="more_than"), _point(2024, 23_290_000.0, qualifier="more_than")]


def test_summary_reads_like_the_issue_example():
    assert indicator_summary("Container throughput, Port of Tianjin", PORT, "TEU", "en") == \
        "Container throughput, Port of Tianjin: over 22 M TEU in 2023, over 23.29 M TEU in 2024; no target stated"
    assert indicator_summary("集装箱吞吐量，天津港", PORT, "TEU", "zh") == \
        "集装箱吞吐量，天津港：2023年超2,200万标准箱，2024年超2,329万标准箱；未提出目标"


def test_summary_names_the_target_derived_values_and_missing_levels():
    rail = [_point(2024, 410.0)]
    assert indicator_summary("Rail, Tianjin", rail, "km", "en", progress_row(target_year=2030, target_value=510.0)) == \
        "Rail, Tianjin: 410 km in 2024; target 510 km by 2030"
    assert indicator_summary("铁路，天津", rail, "km", "zh", progress_row(target_year=2030, target_value=510.0)) == \
        "铁路，天津：2024年410公里；目标：到2030年510公里"
    derived = indicator_summary("X", [_point(2014, 123456.0, kind="derived"), _point(2010, 1.0)], "km", "en")
    assert derived == "X: 1 km in 2010, 123,000 km in 2014 (derived); no target stated"  # oldest first, 3 digits
    assert indicator_summary("X", [], "km", "en", progress_row(target_year=2030, target_value=5.0)) == \
        "X: no level stated; target 5 km by 2030"


def test_compare_summary_has_one_clause_per_series():
    series = [{"label": "A", "unit": "km", "points": [_point(2024, 410.0)]},
              {"label": "B", "unit": "TEU", "points": PORT}]
    assert compare_summary(series, "en") == "A: 410 km in 2024; B: over 22 M TEU in 2023, over 23.29 M TEU in 2024"
    assert compare_summary([], "en") == ""
