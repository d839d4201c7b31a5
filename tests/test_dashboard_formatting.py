"""Numbers formatted per language, and query strings that carry a view's state."""
from dataclasses import replace

import pytest

from dashboard.formatting import (
    format_built_at,
    format_count,
    format_point,
    format_rate,
    format_trend,
    format_value,
    number,
)
from dashboard.urlstate import build_search, checked, parse_search, split_list, with_lang
from tests.record_factories import progress_row, statement


@pytest.mark.parametrize("value, unit, lang, expected", [
    (23_290_000, "TEU", "zh", "2,329万标准箱"),
    (23_290_000, "TEU", "en", "23.29 M TEU"),
    (1.2e11, "CNY", "zh", "1,200亿元"),
    (1.2e11, "CNY", "en", "120 bn yuan"),
    (1.5e12, "CNY", "zh", "1.5万亿元"),
    (3e7, "CNY", "en", "30 M yuan"),
    (57.2, "percent", "zh", "57.2%"),
    (57.2, "percent", "en", "57.2%"),
    (4.9, "pp", "zh", "4.9个百分点"),
    (4.9, "pp", "en", "4.9 pp"),
    (1700, "projects", "en", "1,700 projects"),
    (1700, "projects", "zh", "1,700个"),
    (12345, "persons", "zh", "1.23万人"),
    (12345, "persons", "en", "12,345 persons"),
    (5, "count", "en", "5"),
    (38.14, "ug/m3", "zh", "38.14微克/立方米"),
])
def test_format_value(value, unit, lang, expected):
    assert format_value(value, unit, lang) == expected


def test_lower_bounds_and_approximations_are_said():
    assert format_value(23_290_000, "TEU", "zh", "more_than") == "超2,329万标准箱"
    assert format_value(23_290_000, "TEU", "en", "more_than") == "over 23.29 M TEU"
    assert format_value(100, "km", "en", "about") == "about 100 km"


def test_missing_values_are_empty_and_unknown_units_shown_as_written():
    assert format_value(None, "km", "zh") == ""
    assert format_value(float("nan"), "km", "en") == ""
    assert format_value(3, "widgets", "en") == "3 widgets"


def test_number_keeps_small_values_readable():
    assert number(2329.0) == "2,329"
    assert number(0.0012) == "0.0012"
    assert number(-0.0) == "0"


def test_rates_counts_and_build_time():
    assert format_rate(0.0586, "en") == "+5.9% a year"
    assert format_rate(-0.09, "zh") == "年均 −9.0%"
    assert format_rate(0.0004, "en") == "0.0% a year"
    assert format_rate(None, "en") == ""
    assert format_count(12345) == "12,345"
    assert format_built_at("2026-11-22T02:13:23+00:00") == "2026-11-22 02:13 UTC"


def test_query_strings_round_trip_and_drop_defaults():
    search = build_search({"lang": "en", "theme": "transport", "region": None, "series": ["a:b", "c:d"]})
    assert search == "?lang=en&theme=transport&series=a:b,c:d"
    assert parse_search(search) == {"lang": "en", "theme": "transport", "series": "a:b,c:d"}
    assert build_search({"lang": "zh"}) == ""
    assert with_lang("/data", "?theme=economy", "en") == "/data?theme=economy&lang=en"
    assert with_lang("/data", "?theme=economy&lang=en", "zh") == "/data?theme=economy"
    assert split_list("a, b,,c") == ["a", "b", "c"]


def test_checked_notes_bad_values():
    problems = []
    assert checked("theme", "transport", ["transport"], problems) == "transport"
    assert checked("theme", "bogus", ["transport"], problems) is None
    assert checked("theme", None, ["transport"], problems) is None
    assert problems == [("theme", "bogus")]


def test_a_point_keeps_its_qualifier_year_and_derived_mark():
    assert format_point(22000000, 2023, "TEU", "zh", "more_than") == "超2,200万标准箱（2023年）"
    assert format_point(22000000, 2023, "TEU", "en", "more_than") == "over 22 M TEU (2023)"
    # derived levels come from rounded percentages: three significant digits, marked derived
    assert format_point(475.26, 2014, "enterprises", "zh", "exact", "derived") == "475家（2014年，推算）"
    assert format_point(924156000000, 2014, "CNY", "zh", "exact", "derived") == "9,240亿元（2014年，推算）"
    assert format_point(924156000000, 2014, "CNY", "en", "exact", "derived") == "924 bn yuan (2014, derived)"
    assert format_point(250, 2008, "persons", "en", "range") == "about 250 persons (2008)"
    assert format_point(38.14, 2014, "ug/m3", "en", "exact", "derived") == "38.1 µg/m³ (2014, derived)"
    assert format_point(None, 2014, "km", "en") == ""


def test_trend_names_its_years_and_its_basis():
    row = progress_row(observed_rate=-0.09, rate_from_year=2014, rate_to_year=2023, from_change_statement=True)
    assert format_trend(row, "en") == "−9.0% a year (2014–2023, from a change statement)"
    assert format_trend(row, "zh") == "年均 −9.0%（2014—2023年，据变化表述）"
    assert format_trend(replace(row, from_change_statement=False), "en") == "−9.0% a year (2014–2023)"
    assert format_trend(replace(row, rests_on_bound=True), "en").endswith("; rests on a lower or upper bound")
    assert format_trend(progress_row(observed_rate=None), "en") == ""


def test_evidence_adds_the_stored_number_only_where_the_readable_one_rounds_or_scales_it():
    from dashboard.components.evidence import readable_and_stored
    assert readable_and_stored(statement(value=410.0, unit="km", qualifier="exact"), "zh") == "410公里"
    assert readable_and_stored(statement(value=23_290_000.0, unit="TEU", qualifier="more_than"), "zh") == \
        "超2,329万标准箱  (23,290,000 TEU)"
    derived = statement(value=475.26, unit="enterprises", qualifier="exact", kind="derived")
    assert readable_and_stored(derived, "en") == "475 enterprises  (475.26 enterprises)"


def test_english_counts_of_one_are_singular():
    assert format_value(1, "platforms", "en") == "1 platform"
    assert format_value(2, "platforms", "en") == "2 platforms"
    assert format_value(1, "platforms", "zh") == "1个"


def test_a_point_without_a_finite_value_is_empty():
    assert format_point(float("nan"), 2020, "persons", "zh", "range", "derived") == ""


def test_baseline_text_is_a_level_else_the_change_statement_else_none():
    from dashboard.formatting import baseline_text
    level = progress_row(baseline_value=100.0, baseline_year=2014, current_year=2024)
    assert baseline_text(level, "km", "en") == "100 km (2014)"
    change = progress_row(baseline_value=None, from_change_statement=True, rate_from_year=2014, rate_to_year=2023)
    assert baseline_text(change, "ug/m3", "en") == "the change statement 2014–2023 (no 2014 level stated)"
    assert baseline_text(change, "ug/m3", "zh") == "2014—2023年的变化表述（未表述2014年水平值）"
    assert baseline_text(progress_row(baseline_value=None), "km", "en", none="n/a") == "n/a"


def test_the_trend_leaves_the_bound_to_the_status_note_when_the_status_rests_on_it():
    row = progress_row(observed_rate=0.0586, rate_from_year=2023, rate_to_year=2024, rests_on_bound=True)
    assert format_trend(row, "en").endswith("rests on a lower or upper bound")
    assert "bound" not in format_trend(replace(row, rests_on="bound"), "en")
