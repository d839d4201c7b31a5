"""`jjj draft`'s rules, one by one, on a document written for the tests (tests/draftdocs.py)."""
from __future__ import annotations

import pytest

from etl.draft.run import draft_document
from etl.normalize import normalize
from tests.draftdocs import catalog_with_documents


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    entry = catalog_with_documents(tmp_path_factory.mktemp("draft"))
    return draft_document(entry, entry.parent / "sources" / "report_2026.txt", write=False)


def proposal(drafted, figure: str):
    found = [p for p in drafted.draft.statements if p.figure == figure]
    assert found, f"no proposal for {figure}: {[p.figure for p in drafted.draft.statements]}"
    return found[0]


def st(drafted, figure: str) -> dict:
    return proposal(drafted, figure).statement


def test_value_and_unit_as_written_and_their_normalized_value(drafted):
    s = st(drafted, "1800万标准箱")
    assert (s["value"], s["unit"]) == ("1800", "万标准箱")
    assert normalize(s["value"], s["unit"], "TEU").value == 18_000_000
    s = st(drafted, "1200亿元")
    assert normalize(s["value"], s["unit"], "CNY").value == 120_000_000_000
    assert (st(drafted, "600公里")["unit"], st(drafted, "57.2%")["unit"]) == ("公里", "%")


@pytest.mark.parametrize("figure, qualifier", [
    ("1200亿元", "more_than"),   # 超过
    ("2400万标准箱", "more_than"),  # 突破
    ("3000家", "more_than"),     # 3000余家
    ("1000亿元", "more_than"),   # 以上
    ("300家", "about"),          # 约
    ("120万人次", "nearly"),     # 近
    ("1800万标准箱", "exact"),
])
def test_qualifiers(drafted, figure, qualifier):
    assert st(drafted, figure)["qualifier"] == qualifier


def test_a_magnitude_then_yu_keeps_the_unit_as_written():
    from etl.draft.figure import read_figures
    from etl.scan import find_figures
    s = "春节期间日均游客6万余人"
    (r,) = read_figures(s, find_figures(s))
    assert (r.value, r.unit, r.qualifier) == ("6", "万", "more_than")


def test_ranges_arabic_and_chinese(drafted):
    s = st(drafted, "1~1.5小时")
    assert (s["value"], s["unit"], s["qualifier"]) == ("1~1.5", "小时", "range")
    s = st(drafted, "二三百人")
    assert (s["value"], s["qualifier"]) == ("二三百", "range")


def test_a_goal_is_a_target_for_its_year(drafted):
    s = st(drafted, "600公里")
    assert (s["kind"], s["period"], s["indicator"], s["region"]) == ("target", "2030", "hsr-intercity-rail-km",
                                                                     "tianjin")


def test_changes_have_their_base_and_sign(drafted):
    s = st(drafted, "57.2%")
    assert (s["kind"], s["base_period"], s["change"], s["period"]) == ("change", "2014", "decrease", "doc")
    s = st(drafted, "5.2%")  # 同比 on a part-year figure: the same months a year earlier
    assert (s["kind"], s["period"], s["base_period"], s["change"]) == \
        ("change", "2026-01/2026-09", "2025-01/2025-09", "increase")
    s = st(drafted, "1.5倍")  # 增长1.5倍 with no year: no base to state, so the measure's effect
    assert s["kind"] == "observed" and "UNSURE" not in s["note"]
    assert any("no base period" in r for r in proposal(drafted, "1.5倍").unsure)


def test_a_sentence_with_no_period_goes_on_with_its_paragraphs(drafted):
    s = st(drafted, "39.7%")  # 增速 in the sentence after 2025年…: a change over 2025
    assert (s["kind"], s["period"], s["base_period"], s["change"]) == ("change", "2025", "2024", "increase")
    assert "earlier in the paragraph" in s["note"]


def test_a_change_without_its_own_words_measures_the_level_before_it(drafted):
    assert st(drafted, "5.2%")["indicator"] == st(drafted, "1800万标准箱")["indicator"]


@pytest.mark.parametrize("figure, period", [
    ("1800万标准箱", "2026-01/2026-09"),  # 2026年1至9月
    ("1200亿元", "2026-01/2026-09"),      # 前三季度, the document's year
    ("300家", "2026-01/2026-06"),         # 上半年
    ("2400万标准箱", "2025"),              # 去年, from a document of 2026
    ("300亿元", "2021/2025"),             # “十四五”期间
    ("3000家", "doc"),                    # no period in the text
])
def test_periods(drafted, figure, period):
    assert st(drafted, figure)["period"] == period


def test_a_part_year_figure_is_never_an_annual_indicator(drafted):
    p = proposal(drafted, "1800万标准箱")
    assert p.statement["indicator"] == "container-throughput-part-year"
    assert any("part-year" in r and "container-throughput" in r for r in p.unsure)
    new = {i["id"]: i for i in drafted.draft.indicators}["container-throughput-part-year"]
    assert new["unit"] == "TEU" and "年内" in new["zh"]
    assert st(drafted, "2400万标准箱")["indicator"] == "container-throughput"  # a whole year matches


@pytest.mark.parametrize("figure, region", [
    ("1800万标准箱", "tianjin-port"), ("1200亿元", "tj-binhai"), ("300家", "tj-wuqing"),
    ("3000家", "tiankai-park"),   # 天开园, the short name of 天开高教科创园
    ("57.2%", "tianjin"),          # 全市
    ("1~1.5小时", "jjj"),
])
def test_regions_from_place_names(drafted, figure, region):
    assert st(drafted, figure)["region"] == region


def test_an_unknown_place_gets_a_region_stub(drafted):
    s = st(drafted, "12个")
    stub = next(r for r in drafted.draft.regions if r["id"] == s["region"])
    assert stub["zh"] == "宁河区" and stub["level"] == "district"
    assert any("宁河区" in r for r in proposal(drafted, "12个").unsure)


def test_an_existing_indicator_when_wording_and_unit_agree_with_the_words_said(drafted):
    p = proposal(drafted, "2400万标准箱")
    assert p.statement["indicator"] == "container-throughput" and not p.new_indicator
    assert "集装箱吞吐量" in "".join(p.matched_words) and "集装箱吞吐量" in p.statement["note"]
    assert st(drafted, "57.2%")["indicator"] == "pm25-annual-mean"


def test_a_new_indicator_when_nothing_fits(drafted):
    p = proposal(drafted, "120万人次")  # no visitor indicator in the catalog
    assert p.new_indicator
    new = {i["id"]: i for i in drafted.draft.indicators}[p.statement["indicator"]]
    assert new["unit"] == "person-trips" and new["theme"] in ("culture-tourism", "transport", "port-trade",
                                                               "environment")
    assert new["zh"] and new["en"] and new["direction"] == "higher_is_better"
    assert any("new indicator" in r for r in p.unsure)


def test_a_unit_that_does_not_fit_is_not_matched(drafted):
    # 出口值 in 亿元 fits exports-value (part of a year here); 出口值 counted in 家 would not
    assert st(drafted, "1200亿元")["indicator"] == "exports-value-part-year"
    from etl.draft.match import unit_fits
    assert not unit_fits("家", "CNY", change=False) and unit_fits("%", "CNY", change=True)


def test_ordinals_are_proposed_exclusions(drafted):
    assert any("第五批" in e["quote"] and "ordinal" in e["reason"] for e in drafted.draft.excluded)


def test_every_quote_is_verbatim_and_holds_value_and_unit(drafted):
    from tests.draftdocs import REPORT
    squashed = "".join(REPORT.split())
    for p in drafted.draft.statements:
        s = p.statement
        assert s["quote"] in squashed and s["value"] in s["quote"] and s["unit"] in s["quote"]


def test_the_metadata_proposal(drafted):
    meta = drafted.meta
    assert (meta["date"], meta["date_precision"]) == ("2026-10-20", "day")
    assert meta["title"] == "滨海新区经济运行情况通报" and meta["author"] == "记者 王五"
    assert len(meta["sha256"]) == 64 and {"title", "date"} <= set(meta["review"])


@pytest.mark.parametrize("words, period", [
    ("2025年1—10月，", "2025-01/2025-10"), ("2025年前10个月，", "2025-01/2025-10"),
    ("2025年3月份，", "2025-03"), ("一季度，", "2026-01/2026-03"), ("今年，", "2026"), ("前年，", "2024"),
    ("“十三五”期间，", "2016/2020"), ("目前，", None), ("从2014年的1亿元增至2025年的", "2025"),
])
def test_period_words(words, period):
    from etl.draft.when import period_before
    found = period_before(words, 2026)
    assert (found.period if found else None) == period


def test_the_date_of_a_document_without_a_dateline():
    from etl.draft.meta import propose_date
    # figures for 2025 called 去年: written the year after
    date, precision, evidence = propose_date("2025年，全市出口值达1000亿元。去年，外贸再创新高。\n")
    assert (date, precision) == ("2026", "year") and "去年" in evidence
    # a goal is not a date
    assert propose_date("到2030年，高铁里程达到600公里。2024年，里程达到410公里。\n")[0] == "2024"
    assert propose_date("2026年将新开工项目30个，预计2027年底全部竣工。\n")[0] == "2025"  # plans only: the year before
    assert propose_date("没有任何年份。\n")[0] == ""


def test_a_number_the_catalog_cannot_read_is_a_proposed_exclusion():
    from etl.draft.figure import value_is_readable
    assert not value_is_readable("百万") and value_is_readable("二三百") and value_is_readable("1~1.5")


def test_a_document_naming_no_place_gets_the_catalogs_own_city(tmp_path):
    entry = catalog_with_documents(tmp_path)
    (tmp_path / "sources" / "oneline.txt").write_text("全市新增企业300家。\n", encoding="utf-8")
    result = draft_document(entry, tmp_path / "sources" / "oneline.txt", write=False)
    assert result.draft.statements[0].statement["region"] == "tianjin"  # 全市: the city the catalog is about
