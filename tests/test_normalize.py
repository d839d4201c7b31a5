"""The normalization table: Chinese magnitudes and canonical units."""
from __future__ import annotations

import pytest

from etl.normalize import NormalizationError, normalize, parse_chinese_integer, parse_value, split_unit
from etl.periods import parse_period


@pytest.mark.parametrize("value,unit,indicator_unit,expected,canonical", [
    ("2329", "万标准箱", "TEU", 23_290_000, "TEU"),
    ("2200", "万标准箱", "TEU", 22_000_000, "TEU"),
    ("1.2", "万亿元", "CNY", 1.2e12, "CNY"),
    ("8287.3", "亿元", "CNY", 828_730_000_000, "CNY"),
    ("4.93", "万家", "enterprises", 49_300, "enterprises"),
    ("510", "公里", "km", 510, "km"),
    ("3.5", "千米", "km", 3.5, "km"),
    ("875", "平方公里", "km2", 875, "km2"),
    ("38.14", "微克/立方米", "ug/m3", 38.14, "ug/m3"),
    ("57.2", "%", "percent", 57.2, "percent"),
    ("4.9", "个百分点", "pp", 4.9, "pp"),
    ("30", "分钟", "minutes", 30, "minutes"),
    ("1.5", "小时", "hours", 1.5, "hours"),
    ("2000", "万人次", "person-trips", 20_000_000, "person-trips"),
    ("10", "万", "persons", 100_000, "persons"),
    ("259", "家", "enterprises", 259, "enterprises"),
    ("三", "家", "institutions", 3, "institutions"),
    ("17", "项", "items", 17, "items"),
    ("40", "万吨", "tonnes", 400_000, "tonnes"),
    ("120", "亿美元", "USD", 12_000_000_000, "USD"),
    ("六", "成", "percent", 60, "percent"),
])
def test_normalization_table(value, unit, indicator_unit, expected, canonical):
    n = normalize(value, unit, indicator_unit)
    assert n.value == pytest.approx(expected)
    assert n.unit == canonical


def test_change_units_stay_relative():
    assert normalize("57.2", "%", "ug/m3", relative=True).unit == "percent"
    assert normalize("4.9", "个百分点", "percent", relative=True).unit == "pp"
    assert normalize("2.3", "倍", "CNY", relative=True).unit == "times"
    # an absolute change is in the indicator's unit
    assert normalize("4863", "家", "enterprises", relative=True).value == 4863


def test_ranges_keep_both_bounds():
    n = normalize("30-40", "分钟", "minutes")
    assert (n.low, n.high, n.value) == (30, 40, 35)
    assert parse_value("二三百") == (200, 300)


@pytest.mark.parametrize("text,expected", [("三", 3), ("十", 10), ("十二", 12), ("二十", 20),
                                           ("一百零五", 105), ("两千", 2000)])
def test_chinese_numerals(text, expected):
    assert parse_chinese_integer(text) == expected


def test_magnitude_is_split_from_the_base_unit():
    assert split_unit("万标准箱") == (10_000, "标准箱")
    assert split_unit("千米") == (1, "千米")  # a kilometre, not a thousand metres
    assert split_unit("万亿元") == (10 ** 12, "元")


@pytest.mark.parametrize("value,unit,indicator_unit", [
    ("abc", "家", "enterprises"),       # not a number
    ("5", "万集装箱", "TEU"),            # unknown unit
    ("5", "公里", "TEU"),                # wrong dimension
    ("5", "家", "km"),                   # a count cannot measure a length
])
def test_bad_values_and_units_are_refused(value, unit, indicator_unit):
    with pytest.raises(NormalizationError):
        normalize(value, unit, indicator_unit)


def test_periods():
    assert parse_period("2024").start == "2024-01-01"
    p = parse_period("2025-01/2025-10")
    assert (p.start, p.end, p.year, p.span) == ("2025-01-01", "2025-10-31", 2025, "months")
    span = parse_period("2014/2024")
    assert (span.year, span.span) == (2024, "years")
    doc = parse_period("doc", "2026-02")
    assert doc.from_document and doc.year == 2026
    with pytest.raises(ValueError):
        parse_period("2024/2014")


def test_half_reads_as_fifty_percent():
    from etl.normalize import normalize
    assert normalize("半", "", "percent").value == 50.0
    assert normalize("一半", "", "percent").value == 50.0
