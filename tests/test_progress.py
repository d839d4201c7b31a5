"""Progress toward targets: worked examples computed by hand (see NOTES: the SDG method)."""
from __future__ import annotations

import pytest

from etl.progress import Growth, Point, assess
from etl.progress_rows import growth_from_change

approx = lambda x: pytest.approx(x, rel=1e-3)  # noqa: E731
UP, DOWN = "higher_is_better", "lower_is_better"


def pts(*pairs, qualifier="exact"):
    return [Point(y, v, qualifier) for y, v in pairs]


def test_substantial_progress_with_rates_and_projection():
    # 100 (2014) → 200 (2024): 2^(1/10) − 1 = 7.177 %; target 300 in 2030: 3^(1/16) − 1 = 7.107 %
    a = assess(pts((2014, 100), (2024, 200)), UP, Point(2030, 300))
    assert a.observed_rate == approx(0.071773)
    assert a.required_rate == approx(0.071075)
    assert a.ratio == approx(1.0098)
    assert a.status == "substantial"
    # what it would take: (300/200)^(1/6) − 1 = 6.991 %; projection 200 · 1.071773^6 = 303.14
    assert a.rate_now_required == approx(0.069913)
    assert a.projected_value == approx(303.14)


def test_moderate_progress():
    # 1.5^(1/10) − 1 = 4.138 %; 2.5^(1/16) − 1 = 5.894 %; ratio 0.702
    a = assess(pts((2014, 100), (2024, 150)), UP, Point(2030, 250))
    assert a.ratio == approx(0.7021)
    assert a.status == "moderate"


def test_limited_progress():
    # 1.1^(1/10) − 1 = 0.958 %; ratio 0.958 / 5.894 = 0.1625
    a = assess(pts((2014, 100), (2024, 110)), UP, Point(2030, 250))
    assert a.ratio == approx(0.1625)
    assert a.status == "limited"


def test_deterioration():
    # 0.9^(1/10) − 1 = −1.048 %
    a = assess(pts((2014, 100), (2024, 90)), UP, Point(2030, 250))
    assert a.observed_rate == approx(-0.010481)
    assert a.ratio < 0
    assert a.status == "deterioration"


def test_target_already_met_higher_is_better():
    a = assess(pts((2014, 100), (2020, 120)), UP, Point(2030, 110))
    assert a.status == "achieved"
    assert "already meets" in a.reason


def test_lower_is_better_on_track_and_met():
    # 100 → 50: 0.5^(1/10) − 1 = −6.697 %; target 35: 0.35^(1/16) − 1 = −6.351 %; ratio = −1 · −6.697 / 6.351
    a = assess(pts((2014, 100), (2024, 50)), DOWN, Point(2030, 35))
    assert a.ratio == approx(1.0545)
    assert a.status == "substantial"
    met = assess(pts((2014, 100), (2024, 30)), DOWN, Point(2030, 35))
    assert met.status == "achieved"


def test_lower_is_better_getting_worse():
    a = assess(pts((2014, 50), (2024, 60)), DOWN, Point(2030, 35))
    assert a.status == "deterioration"


@pytest.mark.parametrize("current,status", [(120, "substantial"), (110, "moderate"), (102, "limited"),
                                            (95, "deterioration")])
def test_without_a_target_growth_is_judged_against_1_5_and_0_5_percent(current, status):
    # 1.2^(1/10) − 1 = 1.84 %; 1.1 → 0.96 %; 1.02 → 0.198 %; 0.95 → −0.51 %
    a = assess(pts((2014, 100), (2024, current)), UP)
    assert a.status == status
    assert "no target stated" in a.reason


def test_without_a_target_lower_is_better_flips_the_sign():
    assert assess(pts((2014, 100), (2024, 80)), DOWN).status == "substantial"


def test_baseline_is_2014_where_it_exists_else_the_first_year_after_it():
    a = assess(pts((2010, 50), (2014, 100), (2024, 200)), UP)
    assert a.baseline.year == 2014
    b = assess(pts((2016, 100), (2024, 200)), UP)
    assert b.baseline.year == 2016
    c = assess(pts((2010, 100), (2012, 120), (2020, 150), (2024, 140)), UP)
    assert c.baseline.year == 2020 and c.status == "deterioration"


def test_guard_one_observation():
    a = assess(pts((2024, 410)), UP)
    assert a.status == "not_assessed"
    assert a.reason == "one observation: progress cannot be assessed"
    assert a.rate_now_required is None and a.observed_rate is None


def test_one_observation_still_says_what_it_would_take():
    # 410 km in 2024, 510 km targeted for 2030: (510/410)^(1/6) − 1 = 3.70 % a year
    a = assess(pts((2024, 410)), UP, Point(2030, 510))
    assert a.status == "not_assessed"
    assert a.rate_now_required == pytest.approx(0.03705, abs=1e-5)
    assert a.observed_rate is None and a.ratio is None and a.projected_value is None
    assert a.reason.startswith("one observation: progress cannot be assessed; reaching 510 by 2030 takes +3.70%")


def test_one_observation_that_meets_its_target_is_achieved():
    a = assess(pts((2024, 30)), DOWN, Point(2030, 35))
    assert a.status == "achieved" and a.rate_now_required is None


def test_guard_no_observation():
    a = assess([], UP, Point(2030, 1450))
    assert a.status == "not_assessed"
    assert "no observation" in a.reason


def test_guard_opposite_signs():
    a = assess(pts((2014, -5), (2024, 10)), UP)
    assert a.status == "not_assessed"
    assert "opposite signs" in a.reason


def test_guard_zero_base_is_replaced_and_said():
    a = assess(pts((2014, 0), (2024, 10)), UP)
    assert "zero baseline replaced by 0.001" in a.reason
    assert a.observed_rate == approx((10 / 0.001) ** 0.1 - 1)


def test_guard_zero_target_is_replaced_and_said():
    a = assess(pts((2014, 10), (2024, 5)), DOWN, Point(2030, 0))
    assert "zero target replaced by 0.001" in a.reason
    assert a.status in ("limited", "moderate", "substantial")


def test_guard_base_not_before_current():
    a = assess(pts((2024, 100), (2024, 120)), UP)
    assert a.status == "not_assessed"


def test_neutral_direction_is_not_assessed():
    a = assess(pts((2014, 1), (2024, 2)), "neutral")
    assert a.status == "not_assessed"
    assert "neutral" in a.reason


def test_lower_bound_is_used_and_flagged():
    a = assess(pts((2023, 2200), (2024, 2329), qualifier="more_than"), UP)
    assert a.rests_on_bound
    assert "rests on a bound" in a.reason
    assert a.observed_rate == approx(2329 / 2200 - 1)


def test_change_statement_gives_the_rate_where_no_level_is_stated():
    # "2023 PM2.5 down 57.2 % from 2014": (1 − 0.572)^(1/9) − 1 = −8.998 % a year; lower is better
    row = {"year": 2023, "base_year": 2014, "value": -57.2, "unit": "percent", "change_basis": "total",
           "change_direction": "decrease", "key": "k"}
    g = growth_from_change(row)
    assert g.rate == approx(-0.08998)
    a = assess([], DOWN, None, [g])
    assert a.from_change_statement
    assert a.observed_rate == approx(-0.08998)
    assert a.status == "substantial"


def test_change_statement_with_one_level_and_a_target():
    # level 410 (2024), rate +5 %/yr from a change statement, target 510 in 2030:
    # required (510/410)^(1/6) − 1 = 3.704 %; ratio 5 / 3.704 = 1.35
    a = assess(pts((2024, 410)), UP, Point(2030, 510), [Growth(2019, 2024, 0.05)])
    assert a.required_rate == approx(0.037036)
    assert a.status == "substantial"
    assert a.projected_value == approx(410 * 1.05 ** 6)


def test_annual_average_and_multiple_changes():
    avg = {"year": 2024, "base_year": 2014, "value": 8.0, "unit": "percent", "change_basis": "annual_average",
           "change_direction": "increase", "key": "k"}
    assert growth_from_change(avg).rate == approx(0.08)
    times = {"year": 2024, "base_year": 2014, "value": 1.0, "unit": "times", "change_basis": "total",
             "change_direction": "increase", "key": "k"}  # 增长1倍 = doubled
    assert growth_from_change(times).rate == approx(2 ** 0.1 - 1)
    pp = {**avg, "unit": "pp", "change_basis": "total"}
    assert growth_from_change(pp) is None  # percentage points need a level


def test_guard_zero_baseline_with_a_negative_current_value():
    a = assess(pts((2014, 0), (2024, -5)), UP)
    assert a.status == "not_assessed"
    assert "opposite signs" in a.reason


def test_both_negative_levels_are_assessed_by_size_with_the_direction_reversed():
    # −10 → −5 is an improvement when higher is better: sizes 10 → 5, lower is better,
    # 0.5^(1/10) − 1 = −6.697 %, P = −1 · −6.697 % = +6.697 % ≥ 1.5 %
    a = assess(pts((2014, -10), (2024, -5)), UP)
    assert a.status == "substantial"
    assert a.observed_rate == approx(-0.066967)
    assert "every value is negative" in a.reason


def test_progress_rows_survive_awkward_series():
    from etl.progress_rows import progress_rows
    rows = [{"indicator_id": "i", "region_id": "r", "kind": "observed", "period_span": "year", "year": y,
             "value": v, "qualifier": "exact", "document_id": "d", "key": f"k{y}"} for y, v in ((2014, 0), (2024, -3))]
    out = progress_rows(rows, [], [{"id": "i", "direction": "higher_is_better", "unit": "count"}], {"d": "2025"})
    assert out[0]["status"] == "not_assessed"


def test_one_observation_edge_cases():
    big = assess(pts((2023, 1.5e7)), UP, Point(2030, 2.2e7))
    assert "reaching 22,000,000 by 2030" in big.reason
    zero = assess(pts((2024, 0.0)), DOWN, Point(2030, 5.0))
    assert zero.status == "achieved"
    bound = assess([Point(2024, 600.0, "up_to")], UP, Point(2030, 500.0))
    assert bound.status == "achieved" and bound.rests_on_bound


def test_a_zero_current_value_is_used_as_it_is_and_not_called_open_sdg_rule():
    # (0 / 5)^(1/10) − 1 = −100 %: a fall to zero is a fall, with no replacement and no reason about one
    a = assess(pts((2014, 5), (2024, 0)), UP)
    assert a.observed_rate == -1.0 and a.status == "deterioration"
    assert not [r for r in a.reasons if r["code"].startswith("zero")]
    b = assess(pts((2014, 0), (2024, 5)), UP)
    assert "zero baseline replaced by 0.001 (Open SDG's rule)" in b.reason
