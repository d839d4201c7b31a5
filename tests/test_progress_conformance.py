"""Conformance with the published progress method (Open SDG / sdg-build, as Eurostat and Statistics
Canada publish it), case by case.

Every expected number below is worked out here from the published formulas, never by calling our code:
  observed  CAGR_o = (v_cur / v_base)^(1 / (t_cur − t_base)) − 1
  required  CAGR_r = (T / v_base)^(1 / (t_T − t_base)) − 1
  ratio     = d · CAGR_o / |CAGR_r|      ≥ 0.95 substantial, ≥ 0.60 moderate, ≥ 0 limited, else deterioration
  no target P = d · CAGR_o               ≥ 1.5 % substantial, ≥ 0.5 % moderate, ≥ 0 limited, else deterioration
  baseline  = the value in 2014, else the first value after 2014; a zero baseline or target → 0.001;
  every value negative → sizes, direction reversed; current already meeting the target → achieved.
The statuses are written out by hand. Where we part from the published method on purpose the case
names the deviation (its id starts with "deviation-", and `deviation` is one of etl.progress.DEVIATIONS).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from etl.progress import DEVIATIONS, REASONS, Growth, Point, assess

UP, DOWN, NEUTRAL = "higher_is_better", "lower_is_better", "neutral"
D = {UP: 1, DOWN: -1}


def cagr(start: float, end: float, years: float) -> float:
    """The published formula, written out again on purpose (not imported)."""
    return (end / start) ** (1 / years) - 1


@dataclass
class Case:
    id: str
    points: list
    direction: str
    status: str
    target: Point | None = None
    growths: list = field(default_factory=list)
    observed: float | None = None  # expected observed rate (None: none computed)
    required: float | None = None
    ratio: float | None = None
    rate_now: float | None = None
    baseline_year: int | None = None
    reason: str | None = None  # a reason code the verdict must give
    rests_on: tuple = ()
    deviation: str | None = None
    check_rates: bool = True  # False where only the status and the reason are the point


def P(year, value, qualifier="exact", kind="observed"):
    return Point(year, value, qualifier, kind=kind)


def T(year, value):
    return Point(year, value)


# --- 1. With a target: the ratio at and around every threshold, both directions, three horizons -----
# The current value is built so that the ratio is exactly r: v_cur = v_base · (1 + d · r · |CAGR_r|)^years.
RATIO_STATUSES = [(1.5, "substantial"), (1.0, "substantial"), (0.95 + 1e-6, "substantial"),
                  (0.95 - 1e-6, "moderate"), (0.8, "moderate"), (0.60 + 1e-6, "moderate"),
                  (0.60 - 1e-6, "limited"), (0.3, "limited"), (1e-6, "limited"), (0.0, "limited"),
                  (-1e-6, "deterioration"), (-0.5, "deterioration")]
HORIZONS = [(2024, 2030), (2020, 2035), (2018, 2040)]  # (current year, target year); baseline 2014


def ratio_cases() -> list[Case]:
    cases = []
    for direction, target in ((UP, 200.0), (DOWN, 50.0)):
        d = D[direction]
        for t_cur, t_target in HORIZONS:
            required = cagr(100.0, target, t_target - 2014)
            for r, status in RATIO_STATUSES:
                observed = d * r * abs(required)
                current = 100.0 * (1 + observed) ** (t_cur - 2014)
                cases.append(Case(
                    f"ratio-{direction}-{t_cur}-{t_target}-r{r:+.6f}", [P(2014, 100.0), P(t_cur, current)], direction,
                    status, T(t_target, target), observed=cagr(100.0, current, t_cur - 2014), required=required,
                    ratio=r, rate_now=cagr(current, target, t_target - t_cur), baseline_year=2014, reason="ratio"))
    return cases


# --- 2. Without a target: P at and around 1.5 % and 0.5 %, both directions, two spans ---------------
P_STATUSES = [(0.05, "substantial"), (0.015 + 1e-6, "substantial"), (0.015 - 1e-6, "moderate"),
              (0.01, "moderate"), (0.005 + 1e-6, "moderate"), (0.005 - 1e-6, "limited"), (0.0, "limited"),
              (-1e-6, "deterioration"), (-0.02, "deterioration")]
SPANS = [(2014, 2024), (2016, 2019)]


def no_target_cases() -> list[Case]:
    cases = []
    for direction in (UP, DOWN):
        d = D[direction]
        for t_base, t_cur in SPANS:
            for p, status in P_STATUSES:
                current = 80.0 * (1 + d * p) ** (t_cur - t_base)
                cases.append(Case(f"no-target-{direction}-{t_base}-{t_cur}-p{p:+.6f}",
                                  [P(t_base, 80.0), P(t_cur, current)], direction, status,
                                  observed=d * p, baseline_year=t_base, reason="no_target"))
    return cases


# --- 3. Worked examples with round numbers ----------------------------------------------------------
WORKED = [
    # 100 (2014) → 200 (2024), 300 by 2030: 2^(1/10) − 1 = 7.177 %, 3^(1/16) − 1 = 7.107 %, ratio 1.0098
    Case("worked-up-substantial", [P(2014, 100), P(2024, 200)], UP, "substantial", T(2030, 300),
         observed=2 ** 0.1 - 1, required=3 ** (1 / 16) - 1, ratio=(2 ** 0.1 - 1) / (3 ** (1 / 16) - 1),
         rate_now=1.5 ** (1 / 6) - 1, baseline_year=2014),
    # 1.5^(1/10) − 1 = 4.138 %; 2.5^(1/16) − 1 = 5.894 %; ratio 0.702
    Case("worked-up-moderate", [P(2014, 100), P(2024, 150)], UP, "moderate", T(2030, 250),
         observed=1.5 ** 0.1 - 1, required=2.5 ** (1 / 16) - 1, ratio=(1.5 ** 0.1 - 1) / (2.5 ** (1 / 16) - 1),
         rate_now=(250 / 150) ** (1 / 6) - 1, baseline_year=2014),
    Case("worked-up-limited", [P(2014, 100), P(2024, 110)], UP, "limited", T(2030, 250),
         observed=1.1 ** 0.1 - 1, required=2.5 ** (1 / 16) - 1, ratio=(1.1 ** 0.1 - 1) / (2.5 ** (1 / 16) - 1),
         rate_now=(250 / 110) ** (1 / 6) - 1, baseline_year=2014),
    Case("worked-up-deterioration", [P(2014, 100), P(2024, 90)], UP, "deterioration", T(2030, 250),
         observed=0.9 ** 0.1 - 1, required=2.5 ** (1 / 16) - 1, ratio=(0.9 ** 0.1 - 1) / (2.5 ** (1 / 16) - 1),
         rate_now=(250 / 90) ** (1 / 6) - 1, baseline_year=2014),
    # lower is better: 100 → 50, 35 by 2030: ratio = −1 · (0.5^0.1 − 1) / |0.35^(1/16) − 1| = 1.0545
    Case("worked-down-substantial", [P(2014, 100), P(2024, 50)], DOWN, "substantial", T(2030, 35),
         observed=0.5 ** 0.1 - 1, required=0.35 ** (1 / 16) - 1,
         ratio=-(0.5 ** 0.1 - 1) / abs(0.35 ** (1 / 16) - 1), rate_now=0.7 ** (1 / 6) - 1, baseline_year=2014),
    Case("worked-down-deterioration", [P(2014, 50), P(2024, 60)], DOWN, "deterioration", T(2030, 35),
         observed=1.2 ** 0.1 - 1, required=0.7 ** (1 / 16) - 1,
         ratio=-(1.2 ** 0.1 - 1) / abs(0.7 ** (1 / 16) - 1), rate_now=(35 / 60) ** (1 / 6) - 1, baseline_year=2014),
    # PM2.5-like: 83 → 38 over 10 years, lower is better, no target: P = −(38/83)^(0.1) + 1 = 7.5 %
    Case("worked-down-no-target", [P(2014, 83), P(2024, 38)], DOWN, "substantial",
         observed=(38 / 83) ** 0.1 - 1, baseline_year=2014),
    # a target year between the baseline and the current year: the published method still computes it
    # 1.5^(1/10) − 1 = 4.14 % against 1.8^(1/6) − 1 = 10.29 %: ratio 0.40
    Case("worked-target-year-before-current", [P(2014, 100), P(2024, 150)], UP, "limited", T(2020, 180),
         observed=1.5 ** 0.1 - 1, required=1.8 ** (1 / 6) - 1, ratio=(1.5 ** 0.1 - 1) / (1.8 ** (1 / 6) - 1),
         baseline_year=2014),
    # three values: only the first from 2014 on and the latest count
    Case("worked-middle-values-ignored", [P(2014, 100), P(2018, 500), P(2024, 121)], UP, "substantial",
         observed=1.21 ** 0.1 - 1, baseline_year=2014),
    # input order does not matter
    Case("worked-unsorted-input", [P(2024, 121), P(2014, 100)], UP, "substantial", observed=1.21 ** 0.1 - 1,
         baseline_year=2014),
    # a large level: 2,200万 → 2,329万 TEU over one year, 5.86 %
    Case("worked-large-levels", [P(2023, 2.2e7), P(2024, 2.329e7)], UP, "substantial",
         observed=2.329 / 2.2 - 1, baseline_year=2023),
    # a fraction below one: 2^(1/10) − 1 = 7.18 % against 4^(1/16) − 1 = 9.05 %: ratio 0.79
    Case("worked-small-levels", [P(2014, 0.25), P(2024, 0.5)], UP, "moderate", T(2030, 1.0),
         observed=2 ** 0.1 - 1, required=4 ** (1 / 16) - 1, ratio=(2 ** 0.1 - 1) / (4 ** (1 / 16) - 1),
         rate_now=2 ** (1 / 6) - 1, baseline_year=2014),
]

# --- 4. The baseline: 2014, else the first year after it; earlier values never --------------------
BASELINE = [
    # the example: (2010:100, 2012:120, 2020:150, 2024:140) → baseline 2020, (140/150)^(1/4) − 1 < 0
    Case("baseline-first-after-base-year", [P(2010, 100), P(2012, 120), P(2020, 150), P(2024, 140)], UP,
         "deterioration", observed=(140 / 150) ** 0.25 - 1, baseline_year=2020, reason="earlier_values_unused"),
    Case("baseline-in-base-year", [P(2010, 50), P(2014, 100), P(2024, 200)], UP, "substantial",
         observed=2 ** 0.1 - 1, baseline_year=2014, reason="earlier_values_unused"),
    Case("baseline-2015-after-2013", [P(2013, 100), P(2015, 110), P(2025, 130)], UP, "substantial",
         observed=(130 / 110) ** 0.1 - 1, baseline_year=2015),
    Case("baseline-with-target-first-after", [P(2012, 10), P(2016, 100), P(2024, 150)], UP, "moderate", T(2030, 300),
         observed=1.5 ** (1 / 8) - 1, required=3 ** (1 / 14) - 1, ratio=(1.5 ** (1 / 8) - 1) / (3 ** (1 / 14) - 1),
         rate_now=2 ** (1 / 6) - 1, baseline_year=2016),
    Case("baseline-none-all-before-base-year", [P(2010, 50), P(2013, 60)], UP, "not_assessed",
         reason="before_base_year_only"),
    # two observations, the latest in the base year: not assessable, and said truly
    Case("baseline-latest-in-base-year", [P(2010, 100), P(2014, 120)], UP, "not_assessed",
         reason="one_since_base_year"),
    Case("baseline-one-after-base-year", [P(2012, 100), P(2016, 120)], UP, "not_assessed",
         reason="one_since_base_year"),
    # the Wuqing station: 二三百 in 2008 and 8000余 now; only one value from 2014 on
    Case("baseline-wuqing-station", [P(2008, 250, "range"), P(2024, 8000, "more_than")], UP, "not_assessed",
         reason="one_since_base_year"),
    Case("baseline-one-observation", [P(2024, 410)], UP, "not_assessed", reason="one_observation"),
    Case("baseline-no-observation", [], UP, "not_assessed", reason="no_observation"),
    Case("baseline-earlier-values-not-used-for-target", [P(2008, 1), P(2014, 100), P(2024, 150)], UP, "moderate",
         T(2030, 250), observed=1.5 ** 0.1 - 1, required=2.5 ** (1 / 16) - 1,
         ratio=(1.5 ** 0.1 - 1) / (2.5 ** (1 / 16) - 1), rate_now=(250 / 150) ** (1 / 6) - 1, baseline_year=2014),
    Case("baseline-before-only-with-target", [P(2010, 10)], UP, "not_assessed", T(2030, 20),
         reason="before_base_year_only", check_rates=False),
]

# --- 5. Zeros: only a zero baseline or target becomes 0.001 ----------------------------------------
ZEROS = [
    # (10 / 0.001)^(1/10) − 1 = 151.2 %
    Case("zero-baseline-up", [P(2014, 0), P(2024, 10)], UP, "substantial", observed=(10 / 0.001) ** 0.1 - 1,
         baseline_year=2014, reason="zero_baseline"),
    Case("zero-baseline-down", [P(2014, 0), P(2024, 10)], DOWN, "deterioration", observed=(10 / 0.001) ** 0.1 - 1,
         baseline_year=2014, reason="zero_baseline"),
    # a zero current value is used as it is: (0 / 5)^(1/10) − 1 = −100 %
    Case("zero-current-up", [P(2014, 5), P(2024, 0)], UP, "deterioration", observed=-1.0, baseline_year=2014),
    Case("zero-current-down", [P(2014, 5), P(2024, 0)], DOWN, "substantial", observed=-1.0, baseline_year=2014),
    # a baseline below 0.001 falling to zero is a fall, not a rise to 0.001
    Case("zero-current-tiny-baseline-up", [P(2014, 0.0005), P(2024, 0)], UP, "deterioration", observed=-1.0,
         baseline_year=2014),
    Case("zero-current-up-with-target", [P(2014, 5), P(2024, 0)], UP, "deterioration", T(2030, 10), observed=-1.0,
         required=2 ** (1 / 16) - 1, ratio=-1 / (2 ** (1 / 16) - 1), baseline_year=2014),
    # zero target, lower is better: T = 0.001; required = (0.001 / 10)^(1/16) − 1
    Case("zero-target-down", [P(2014, 10), P(2024, 5)], DOWN, "limited", T(2030, 0),
         observed=0.5 ** 0.1 - 1, required=(0.001 / 10) ** (1 / 16) - 1,
         ratio=-(0.5 ** 0.1 - 1) / abs((0.001 / 10) ** (1 / 16) - 1), rate_now=(0.001 / 5) ** (1 / 6) - 1,
         baseline_year=2014, reason="zero_target"),
    Case("zero-target-up-achieved", [P(2014, 10), P(2024, 5)], UP, "achieved", T(2030, 0),
         observed=0.5 ** 0.1 - 1, required=(0.001 / 10) ** (1 / 16) - 1, baseline_year=2014, reason="achieved"),
    # zero baseline and zero target: the required rate is zero, the ratio undefined
    Case("zero-baseline-and-target-down", [P(2014, 0), P(2024, 5)], DOWN, "not_assessed", T(2030, 0),
         observed=(5 / 0.001) ** 0.1 - 1, required=0.0, rate_now=(0.001 / 5) ** (1 / 6) - 1, baseline_year=2014,
         reason="target_equals_baseline"),
    Case("zero-current-meets-target-down", [P(2014, 5), P(2024, 0)], DOWN, "achieved", T(2030, 2),
         observed=-1.0, required=0.4 ** (1 / 16) - 1, baseline_year=2014, reason="achieved"),
    Case("zero-one-level-with-target", [P(2024, 0)], UP, "not_assessed", T(2030, 5),
         rate_now=(5 / 0.001) ** (1 / 6) - 1, reason="zero_level"),
    Case("zero-one-level-meets-target-down", [P(2024, 0)], DOWN, "achieved", T(2030, 5), reason="achieved"),
]

# --- 6. Negative values ----------------------------------------------------------------------------
NEGATIVES = [
    # sizes 10 → 5 with lower-is-better: P = −1 · (0.5^0.1 − 1) = 6.7 %
    Case("negative-all-up", [P(2014, -10), P(2024, -5)], UP, "substantial", observed=0.5 ** 0.1 - 1,
         baseline_year=2014, reason="negative_flipped"),
    Case("negative-all-down", [P(2014, -10), P(2024, -5)], DOWN, "deterioration", observed=0.5 ** 0.1 - 1,
         baseline_year=2014, reason="negative_flipped"),
    Case("negative-all-up-worse", [P(2014, -5), P(2024, -10)], UP, "deterioration", observed=2 ** 0.1 - 1,
         baseline_year=2014, reason="negative_flipped"),
    # −20 → −15, −10 by 2030, higher is better: sizes 20 → 15 → 10, lower is better
    Case("negative-all-with-target", [P(2014, -20), P(2024, -15)], UP, "moderate", T(2030, -10),
         observed=0.75 ** 0.1 - 1, required=0.5 ** (1 / 16) - 1,
         ratio=-(0.75 ** 0.1 - 1) / abs(0.5 ** (1 / 16) - 1), rate_now=(10 / 15) ** (1 / 6) - 1,
         baseline_year=2014, reason="negative_flipped"),
    Case("negative-target-met", [P(2014, -20), P(2024, -5)], UP, "achieved", T(2030, -10), observed=0.25 ** 0.1 - 1,
         required=0.5 ** (1 / 16) - 1, baseline_year=2014, reason="achieved"),
    Case("deviation-target_opposite_signs-negative-values", [P(2014, -10), P(2024, -5)], UP, "not_assessed",
         T(2030, 5), observed=0.5 ** 0.1 - 1, baseline_year=2014, reason="target_opposite_signs",
         deviation="target_opposite_signs"),
    Case("deviation-target_opposite_signs-positive-values", [P(2014, 10), P(2024, 5)], DOWN, "not_assessed",
         T(2030, -5), observed=0.5 ** 0.1 - 1, baseline_year=2014, reason="target_opposite_signs",
         deviation="target_opposite_signs"),
    Case("negative-opposite-signs", [P(2014, -5), P(2024, 10)], UP, "not_assessed", baseline_year=2014,
         reason="opposite_signs"),
    Case("negative-opposite-signs-down", [P(2014, 5), P(2024, -10)], DOWN, "not_assessed", baseline_year=2014,
         reason="opposite_signs"),
    Case("negative-zero-baseline-negative-current", [P(2014, 0), P(2024, -5)], UP, "not_assessed",
         baseline_year=2014, reason="opposite_signs"),
    # achieved is achieved, whatever the signs
    Case("negative-opposite-signs-but-achieved", [P(2014, -5), P(2024, 10)], UP, "achieved", T(2030, 8),
         baseline_year=2014, reason="achieved"),
    Case("deviation-negative_change_level", [P(2024, -5)], UP, "not_assessed", T(2030, -2),
         growths=[Growth(2014, 2023, 0.05)], observed=0.05, reason="negative_values", rests_on=(),
         deviation="negative_change_level"),
]

# --- 7. Achieved ---------------------------------------------------------------------------------
ACHIEVED = [
    Case("achieved-up-exactly-at-target", [P(2014, 100), P(2024, 200)], UP, "achieved", T(2030, 200),
         observed=2 ** 0.1 - 1, required=2 ** (1 / 16) - 1, baseline_year=2014, reason="achieved"),
    Case("achieved-up-beyond-target", [P(2014, 100), P(2020, 120)], UP, "achieved", T(2030, 110),
         observed=1.2 ** (1 / 6) - 1, required=1.1 ** (1 / 16) - 1, baseline_year=2014, reason="achieved"),
    Case("achieved-down-exactly-at-target", [P(2014, 100), P(2024, 35)], DOWN, "achieved", T(2030, 35),
         observed=0.35 ** 0.1 - 1, required=0.35 ** (1 / 16) - 1, baseline_year=2014, reason="achieved"),
    Case("achieved-down-below-target", [P(2014, 100), P(2024, 30)], DOWN, "achieved", T(2030, 35),
         observed=0.3 ** 0.1 - 1, required=0.35 ** (1 / 16) - 1, baseline_year=2014, reason="achieved"),
    Case("achieved-target-without-year", [P(2014, 100), P(2024, 130)], UP, "achieved", T(None, 120),
         observed=1.3 ** 0.1 - 1, baseline_year=2014, reason="achieved_no_year"),
    Case("achieved-target-year-before-baseline", [P(2016, 100), P(2024, 130)], UP, "achieved", T(2015, 120),
         observed=1.3 ** (1 / 8) - 1, baseline_year=2016, reason="achieved"),
    Case("achieved-one-level-up", [P(2024, 600)], UP, "achieved", T(2030, 500), reason="achieved"),
    Case("achieved-one-level-down", [P(2024, 30)], DOWN, "achieved", T(2030, 35), reason="achieved"),
    Case("achieved-one-level-no-target-year", [P(2024, 9000)], UP, "achieved", T(None, 8400),
         reason="achieved_no_year"),
    Case("achieved-one-level-upper-bound", [P(2024, 600, "up_to")], UP, "achieved", T(2030, 500),
         reason="achieved", rests_on=("bound",)),
    Case("achieved-change-statement-and-level", [P(2024, 60)], DOWN, "achieved", T(2030, 70),
         growths=[Growth(2014, 2023, -0.05)], observed=-0.05, reason="achieved", rests_on=("change_statement",)),
    Case("achieved-not-when-one-short", [P(2014, 100), P(2024, 199.99)], UP, "substantial", T(2030, 200),
         observed=1.9999 ** 0.1 - 1, required=2 ** (1 / 16) - 1,
         ratio=(1.9999 ** 0.1 - 1) / (2 ** (1 / 16) - 1), rate_now=(200 / 199.99) ** (1 / 6) - 1,
         baseline_year=2014),
]

# --- 8. Every guard -----------------------------------------------------------------------------
GUARDS = [
    Case("guard-neutral", [P(2014, 100), P(2024, 200)], NEUTRAL, "not_assessed", baseline_year=2014,
         reason="neutral"),
    Case("guard-neutral-with-target", [P(2014, 100), P(2024, 200)], NEUTRAL, "not_assessed", T(2030, 300),
         baseline_year=2014, reason="neutral"),
    # published: assumes 2030; ours: no year is invented
    Case("deviation-target_no_year-not-met", [P(2014, 100), P(2024, 110)], UP, "not_assessed", T(None, 150),
         observed=1.1 ** 0.1 - 1, baseline_year=2014, reason="no_target_year", deviation="target_no_year"),
    Case("deviation-target_no_year-one-level", [P(2024, 110)], UP, "not_assessed", T(None, 150),
         reason="no_target_year", deviation="target_no_year"),
    Case("deviation-target_no_year-no-level", [], UP, "not_assessed", T(None, 3), reason="no_target_year",
         deviation="target_no_year"),
    # published: a rate over zero or negative years; ours: refused
    Case("deviation-target_not_after_baseline-equal", [P(2014, 100), P(2024, 110)], UP, "not_assessed",
         T(2014, 150), observed=1.1 ** 0.1 - 1, baseline_year=2014, reason="target_not_after_baseline",
         deviation="target_not_after_baseline"),
    Case("deviation-target_not_after_baseline-before", [P(2016, 100), P(2024, 110)], UP, "not_assessed",
         T(2015, 150), observed=1.1 ** (1 / 8) - 1, baseline_year=2016, reason="target_not_after_baseline",
         deviation="target_not_after_baseline"),
    # the target equals the baseline value: required rate zero, ratio undefined (published: undefined)
    Case("guard-target-equals-baseline", [P(2014, 100), P(2024, 90)], UP, "not_assessed", T(2030, 100),
         observed=0.9 ** 0.1 - 1, required=0.0, rate_now=(100 / 90) ** (1 / 6) - 1, baseline_year=2014,
         reason="target_equals_baseline"),
    Case("guard-target-equals-baseline-down", [P(2014, 100), P(2024, 110)], DOWN, "not_assessed", T(2030, 100),
         observed=1.1 ** 0.1 - 1, required=0.0, rate_now=(100 / 110) ** (1 / 6) - 1, baseline_year=2014,
         reason="target_equals_baseline"),
    Case("guard-one-level-target-not-after", [P(2024, 100)], UP, "not_assessed", T(2024, 150),
         reason="target_not_after_latest"),
    Case("guard-one-level-rate-now-required", [P(2024, 410)], UP, "not_assessed", T(2030, 510),
         rate_now=(510 / 410) ** (1 / 6) - 1, reason="rate_now_required"),
    Case("guard-one-level-negative", [P(2024, -4)], UP, "not_assessed", T(2030, 5), reason="negative_values"),
    # published: no rates from change statements; ours: the statement gives the observed rate
    Case("deviation-rate_from_change-no-target-down", [P(2024, 38.14)], DOWN, "substantial",
         growths=[Growth(2014, 2023, 0.428 ** (1 / 9) - 1)], observed=0.428 ** (1 / 9) - 1,
         reason="rate_from_change", rests_on=("change_statement",), deviation="rate_from_change"),
    Case("deviation-rate_from_change-no-level", [], UP, "substantial", growths=[Growth(2023, 2024, 0.43)],
         observed=0.43, reason="rate_from_change", rests_on=("change_statement",), deviation="rate_from_change"),
    Case("deviation-rate_from_change-limited", [], UP, "limited", growths=[Growth(2023, 2024, 0.004)],
         observed=0.004, reason="no_target_change", rests_on=("change_statement",), deviation="rate_from_change"),
    Case("deviation-rate_from_change-latest-statement", [], UP, "deterioration",
         growths=[Growth(2014, 2020, 0.05), Growth(2023, 2024, -0.01)], observed=-0.01,
         rests_on=("change_statement",), deviation="rate_from_change"),
    Case("deviation-rate_from_change-longest-of-latest", [], DOWN, "substantial",
         growths=[Growth(2023, 2024, 0.01), Growth(2016, 2024, -0.07)], observed=-0.07,
         rests_on=("change_statement",), deviation="rate_from_change"),
    # one level, a rate and a target: the required rate runs from the level, (510/410)^(1/6) − 1
    Case("deviation-rate_from_change-with-target", [P(2024, 410)], UP, "substantial", T(2030, 510),
         growths=[Growth(2014, 2023, 0.04)], observed=0.04, required=(510 / 410) ** (1 / 6) - 1,
         ratio=0.04 / ((510 / 410) ** (1 / 6) - 1), rate_now=(510 / 410) ** (1 / 6) - 1, reason="ratio",
         rests_on=("change_statement",), deviation="rate_from_change"),
    Case("deviation-rate_from_change-with-target-down", [P(2024, 50)], DOWN, "moderate", T(2030, 35),
         growths=[Growth(2014, 2023, -0.04)], observed=-0.04, required=0.7 ** (1 / 6) - 1,
         ratio=0.04 / abs(0.7 ** (1 / 6) - 1), rate_now=0.7 ** (1 / 6) - 1, rests_on=("change_statement",),
         deviation="rate_from_change"),
    Case("deviation-rate_from_change-target-no-level", [], UP, "not_assessed", T(2030, 100),
         growths=[Growth(2014, 2023, 0.04)], observed=0.04, reason="no_level", deviation="rate_from_change"),
    Case("deviation-rate_from_change-target-not-after-level", [P(2024, 90)], UP, "not_assessed", T(2024, 100),
         growths=[Growth(2014, 2023, 0.04)], observed=0.04, reason="target_not_after_latest",
         deviation="rate_from_change"),
    Case("deviation-rate_from_change-target-no-year", [P(2024, 90)], UP, "not_assessed", T(None, 100),
         growths=[Growth(2014, 2023, 0.04)], observed=0.04, reason="no_target_year", deviation="target_no_year"),
]

# --- 9. What a status rests on: bounds, approximations, ranges, derived values ---------------------
QUALIFIED = [
    Case("deviation-qualified_values-lower-bound", [P(2023, 2.2e7, "more_than"), P(2024, 2.329e7, "more_than")], UP,
         "substantial", observed=2.329 / 2.2 - 1, baseline_year=2023, reason="lower_bound", rests_on=("bound",),
         deviation="qualified_values"),
    Case("deviation-qualified_values-upper-bound", [P(2014, 100), P(2024, 80, "up_to")], DOWN, "substantial",
         observed=0.8 ** 0.1 - 1, baseline_year=2014, reason="upper_bound", rests_on=("bound",),
         deviation="qualified_values"),
    Case("deviation-qualified_values-about", [P(2014, 100, "about"), P(2024, 120)], UP, "substantial",
         observed=1.2 ** 0.1 - 1, baseline_year=2014, reason="approximate", rests_on=("approximation",),
         deviation="qualified_values"),
    Case("deviation-qualified_values-nearly", [P(2014, 100), P(2024, 105, "nearly")], UP, "limited",
         observed=1.05 ** 0.1 - 1, baseline_year=2014, reason="approximate", rests_on=("approximation",),
         deviation="qualified_values"),
    # 二三百 → 250, the midpoint
    Case("deviation-qualified_values-range-baseline", [P(2014, 250, "range"), P(2024, 8000)], UP, "substantial",
         observed=32 ** 0.1 - 1, baseline_year=2014, reason="range", rests_on=("range",),
         deviation="qualified_values"),
    # 1.25^(1/10) − 1 = 2.26 % against 2^(1/16) − 1 = 4.43 %: ratio 0.51
    Case("deviation-qualified_values-range-current", [P(2014, 200), P(2024, 250, "range")], UP, "limited",
         T(2030, 400), observed=1.25 ** 0.1 - 1, required=2 ** (1 / 16) - 1,
         ratio=(1.25 ** 0.1 - 1) / (2 ** (1 / 16) - 1), rate_now=1.6 ** (1 / 6) - 1, baseline_year=2014,
         reason="range", rests_on=("range",), deviation="qualified_values"),
    Case("qualified-derived-baseline", [P(2014, 924.16, kind="derived"), P(2025, 1450)], UP, "substantial",
         observed=(1450 / 924.16) ** (1 / 11) - 1, baseline_year=2014, reason="derived", rests_on=("derived",)),
    Case("deviation-qualified_values-everything", [P(2014, 100, "more_than", "derived"), P(2024, 150, "about")], UP,
         "substantial", observed=1.5 ** 0.1 - 1, baseline_year=2014, rests_on=("bound", "approximation", "derived"),
         deviation="qualified_values"),
    Case("qualified-not-assessed-rests-on-nothing", [P(2024, 8000, "more_than")], UP, "not_assessed",
         reason="one_observation", rests_on=()),
    Case("qualified-exact-rests-on-nothing", [P(2014, 100), P(2024, 150)], UP, "substantial",
         observed=1.5 ** 0.1 - 1, baseline_year=2014, rests_on=()),
    Case("deviation-qualified_values-bound-with-change", [P(2024, 400, "more_than")], UP, "substantial", T(2030, 500),
         growths=[Growth(2020, 2024, 0.05)], observed=0.05, required=1.25 ** (1 / 6) - 1,
         ratio=0.05 / (1.25 ** (1 / 6) - 1), rate_now=1.25 ** (1 / 6) - 1,
         rests_on=("bound", "change_statement"), deviation="qualified_values"),
]

CASES = ratio_cases() + no_target_cases() + WORKED + BASELINE + ZEROS + NEGATIVES + ACHIEVED + GUARDS + QUALIFIED


def close(expected: float | None):
    return None if expected is None else pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_conforms(case: Case):
    a = assess(case.points, case.direction, case.target, case.growths)
    assert a.status == case.status, a.reason
    if case.check_rates:
        assert a.observed_rate == close(case.observed)
        assert a.required_rate == close(case.required)
        assert a.ratio == close(case.ratio)
        assert a.rate_now_required == close(case.rate_now)
    assert (a.baseline.year if a.baseline else None) == case.baseline_year
    if case.reason:
        assert case.reason in [r["code"] for r in a.reasons], a.reason
    assert tuple(a.rests_on) == case.rests_on


def test_the_suite_is_big_enough_and_its_ids_are_unique():
    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES)


def test_every_deviation_is_named_by_a_case_and_every_named_deviation_is_listed():
    named = {c.deviation for c in CASES if c.deviation}
    assert named == set(DEVIATIONS)
    for c in CASES:
        assert (c.deviation is not None) == c.id.startswith("deviation-"), c.id


def test_the_suite_covers_both_branches_both_directions_and_every_status():
    assert {c.status for c in CASES} == {"achieved", "substantial", "moderate", "limited", "deterioration",
                                         "not_assessed"}
    for branch in (True, False):
        for direction in (UP, DOWN):
            statuses = {c.status for c in CASES if (c.target is not None) == branch and c.direction == direction}
            assert {"substantial", "moderate", "limited", "deterioration"} <= statuses, (branch, direction)


def test_every_reason_the_method_can_give_is_reached_by_a_case():
    given = {r["code"] for c in CASES for r in assess(c.points, c.direction, c.target, c.growths).reasons}
    assert given == set(REASONS)
