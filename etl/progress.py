"""Progress toward targets, assessed by the published method of Open SDG (sdg-build), Eurostat and
Statistics Canada, with a few refusals of our own (DEVIATIONS). Pure functions.

Observed growth CAGR_o = (v_cur / v_base)^(1 / (t_cur − t_base)) − 1.
With a target T in year t_T: CAGR_r = (T / v_base)^(1 / (t_T − t_base)) − 1 and
ratio = d · CAGR_o / |CAGR_r| (d = +1 higher is better, −1 lower is better):
target achieved when the current value already meets it; otherwise ratio ≥ 0.95 substantial,
0.60–0.95 moderate, 0–0.60 limited, < 0 deterioration.
Without a target: P = d · CAGR_o against 1.5 % and 0.5 % a year.
The rows for the database are assembled in etl/progress_rows.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from vocab import APPROXIMATE_QUALIFIERS, BOUND_QUALIFIERS, RANGE_QUALIFIERS, RESTS_ON, STATUSES, YEARLY_SPANS  # noqa: F401 (re-exported)

# The method in one place: the README and the dashboard's method page read these.
BASE_YEAR = 2014  # the strategy was launched in February 2014
TARGET_THRESHOLDS = {"substantial": 0.95, "moderate": 0.60, "limited": 0.0}
NO_TARGET_THRESHOLDS = {"substantial": 0.015, "moderate": 0.005, "limited": 0.0}
ZERO_REPLACEMENT = 0.001  # replaces a zero baseline or target (never a zero current value)
# The words (statuses, qualifiers, what a status rests on, yearly spans) live in vocab.py.
# Where we part from the published method on purpose; the method page and README list these,
# and tests/test_progress_conformance.py names them case by case.
DEVIATIONS = ("target_no_year", "target_not_after_baseline", "target_opposite_signs", "rate_from_change",
              "negative_change_level", "qualified_values")


# Every reason a verdict can give, as a code and an English template. The dashboard renders
# the same codes in Chinese from its i18n catalog (keys "reason.<code>", same placeholders).
REASONS = {
    "neutral": "the indicator's direction is neutral: no better or worse to assess",
    "lower_bound": "the {year} value is a lower bound (超/突破): the result rests on a bound",
    "upper_bound": "the {year} value is an upper bound (以内): the result rests on a bound",
    "approximate": "the {year} value is approximate (约/近): the result rests on an approximation",
    "range": "the {year} value is a range (二三百, 30-40): its midpoint is used and the result rests on it",
    "derived": "the {year} value is derived from a stated level and a change",
    "earlier_values_unused": "values before {base_year} are shown on the chart but not used as the baseline",
    "before_base_year_only": "every value is from before {base_year}: no baseline from {base_year} on",
    "one_since_base_year": "only one value from {base_year} on ({year}): progress cannot be assessed",
    "opposite_signs": "baseline and current values have opposite signs: growth rates are undefined",
    "negative_values": "negative values: compound growth rates are undefined",
    "negative_flipped": "every value is negative: their sizes are assessed with the direction reversed",
    "zero_baseline": "zero baseline replaced by {zero} (Open SDG's rule)",
    "zero_target": "zero target replaced by {zero} (Open SDG's rule)",
    "zero_level": "the zero {year} level starts the required rate, so it is replaced by {zero}",
    "no_target": "no target stated: observed growth {observed} a year judged against {substantial} and {moderate}",
    "no_target_year": "the target states no year: no year is assumed, so there is no required rate",
    "target_opposite_signs": "baseline and target have opposite signs: growth rates are undefined",
    "achieved": "the {year} value already meets the {target_year} target",
    "achieved_no_year": "the {year} value already meets the target (the target states no year)",
    "target_not_after_baseline": "the target year {target_year} is not after the baseline year {year}: "
                                 "no required rate",
    "target_equals_baseline": "the target equals the baseline value: the required rate is zero, so no ratio",
    "ratio": "observed {observed} a year against {required} required: ratio {ratio}",
    "no_observation": "no observation: progress cannot be assessed",
    "one_observation": "one observation: progress cannot be assessed",
    "rate_from_change": "rate from a change statement between {base_year} and {year}",
    "no_target_change": "no target stated: observed growth {observed} a year",
    "no_level": "a change statement gives the rate, but no level to compare with the target",
    "target_not_after_latest": "the target's year is not after the latest value: no required rate",
    "rate_now_required": "reaching {target} by {target_year} takes {rate} a year from the {year} value",
}


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    qualifier: str = "exact"
    key: str = ""
    kind: str = "observed"  # or "derived": a level the ETL computed from a change statement


@dataclass(frozen=True)
class Growth:
    """A growth rate between two years known only from a change statement."""

    base_year: int
    year: int
    rate: float  # compound annual rate
    key: str = ""


@dataclass
class Assessment:
    baseline: Point | None = None  # None where no level from the base year on precedes the current one
    current: Point | None = None
    target: Point | None = None
    observed_rate: float | None = None
    required_rate: float | None = None
    rate_now_required: float | None = None
    rate_years: tuple[int, int] | None = None  # the years the observed rate spans
    ratio: float | None = None
    projected_value: float | None = None
    status: str = "not_assessed"
    reasons: list[dict] = field(default_factory=list)  # {"code": …, **params}
    rests_on_bound: bool = False
    from_change_statement: bool = False
    direction: int = 0  # +1 higher is better, −1 lower is better, 0 neutral (as the indicator states it)
    caveats: set = field(default_factory=set)  # RESTS_ON entries met on the way

    def say(self, code: str, **params) -> None:
        self.reasons.append({"code": code, **{k: str(v) for k, v in params.items()}})

    @property
    def reason(self) -> str:
        """The reasons in English; `reasons` keeps them as codes for other languages."""
        return "; ".join(REASONS[r["code"]].format(**r) for r in self.reasons)

    @property
    def rests_on(self) -> list[str]:
        """What the status rests on besides exact stated levels (RESTS_ON order); none when not assessed."""
        return [] if self.status == "not_assessed" else [c for c in RESTS_ON if c in self.caveats]


def cagr(v_start: float, v_end: float, years: float) -> float:
    return (v_end / v_start) ** (1 / years) - 1


def _status(value: float, thresholds: dict) -> str:
    for status in ("substantial", "moderate", "limited"):
        if value >= thresholds[status]:
            return status
    return "deterioration"


def status_with_target(ratio: float) -> str:
    return _status(ratio, TARGET_THRESHOLDS)


def status_without_target(p: float) -> str:
    return _status(p, NO_TARGET_THRESHOLDS)


def direction_sign(direction: str) -> int:
    return {"higher_is_better": 1, "lower_is_better": -1}.get(direction, 0)


def choose_baseline(points: list[Point]) -> Point | None:
    """The value in the base year, else the first one after it; earlier values are never the baseline."""
    return next((p for p in sorted(points, key=lambda p: p.year) if p.year >= BASE_YEAR), None)


def meets(value: float, target: float, d: int) -> bool:
    return value >= target if d > 0 else value <= target


def _zero(value: float, code: str, a: Assessment, **params) -> float:
    """Open SDG's rule for a zero baseline or target (a ratio to zero is undefined)."""
    if value == 0:
        a.say(code, zero=ZERO_REPLACEMENT, **params)
        return ZERO_REPLACEMENT
    return value


def _note_qualifiers(points: list[Point], a: Assessment) -> None:
    for p in points:
        if p.qualifier in BOUND_QUALIFIERS:
            a.rests_on_bound = True
            a.caveats.add("bound")
            a.say("lower_bound" if p.qualifier == "more_than" else "upper_bound", year=p.year)
        elif p.qualifier in APPROXIMATE_QUALIFIERS:
            a.caveats.add("approximation")
            a.say("approximate", year=p.year)
        elif p.qualifier in RANGE_QUALIFIERS:
            a.caveats.add("range")
            a.say("range", year=p.year)
        if p.kind == "derived":
            a.caveats.add("derived")
            a.say("derived", year=p.year)


def _achieved(a: Assessment) -> bool:
    """Achieved is achieved: whatever the signs, years or rates, a current value that meets the target."""
    cur, target = a.current, a.target
    if target is None or cur is None or not meets(cur.value, target.value, a.direction):
        return False
    a.status = "achieved"
    if target.year is None:
        a.say("achieved_no_year", year=cur.year)
    else:
        a.say("achieved", year=cur.year, target_year=target.year)
    return True


def assess(points: list[Point], direction: str, target: Point | None = None,
           growths: list[Growth] | None = None) -> Assessment:
    """Baseline, current, target and the verdict for one indicator in one region."""
    d = direction_sign(direction)
    a = Assessment(target=target, direction=d)
    points = sorted(points, key=lambda p: p.year)
    if points:
        a.current = points[-1]
        a.baseline = choose_baseline(points)
        if a.baseline is not None and a.baseline.year >= a.current.year:
            a.baseline = None  # a level is never its own baseline
    if d == 0:
        a.say("neutral")
        return a
    if a.baseline is None:
        return _assess_from_growth(a, points, growths or [])
    base, cur = a.baseline, a.current
    if points[0].year < BASE_YEAR:
        a.say("earlier_values_unused", base_year=BASE_YEAR)
    _note_qualifiers([base, cur], a)
    achieved = _achieved(a)
    v_base = _zero(base.value, "zero_baseline", a)
    v_cur = cur.value
    if (v_base < 0) != (v_cur < 0):
        if not achieved:
            a.say("opposite_signs")
        return a
    if v_base < 0:  # every value negative: the sizes, with the direction reversed
        v_base, v_cur, d = -v_base, -v_cur, -d
        a.say("negative_flipped")
    a.observed_rate = cagr(v_base, v_cur, cur.year - base.year)
    a.rate_years = (base.year, cur.year)
    if target is None:
        a.status = status_without_target(d * a.observed_rate)
        a.say("no_target", observed=f"{a.observed_rate:+.2%}", substantial=f"{NO_TARGET_THRESHOLDS['substantial']:.1%}",
              moderate=f"{NO_TARGET_THRESHOLDS['moderate']:.1%}")
        return a
    return _with_target(a, v_base, v_cur, d, achieved)


def _with_target(a: Assessment, v_base: float, v_cur: float, d: int, achieved: bool) -> Assessment:
    target, base, cur = a.target, a.baseline, a.current
    if target.year is None:  # deviation: the published method assumes 2030
        if not achieved:
            a.say("no_target_year")
        return a
    if target.year <= base.year:  # deviation: no rate runs backwards or over no time
        if not achieved:
            a.say("target_not_after_baseline", target_year=target.year, year=base.year)
        return a
    t_value = target.value
    if d != a.direction:  # the values were negated: so is a negative target
        t_value = -t_value
    t_value = _zero(t_value, "zero_target", a)
    if t_value < 0:  # deviation: the target's sign differs from the values'
        if not achieved:
            a.say("target_opposite_signs")
        return a
    a.required_rate = cagr(v_base, t_value, target.year - base.year)
    if achieved:
        return a
    if target.year > cur.year and v_cur > 0:
        a.rate_now_required = cagr(v_cur, t_value, target.year - cur.year)
        a.projected_value = (v_cur if d == a.direction else -v_cur) * (1 + a.observed_rate) ** (target.year - cur.year)
    if a.required_rate == 0:
        a.say("target_equals_baseline")
        return a
    a.ratio = d * a.observed_rate / abs(a.required_rate)
    a.status = status_with_target(a.ratio)
    a.say("ratio", observed=f"{a.observed_rate:+.2%}", required=f"{a.required_rate:+.2%}", ratio=f"{a.ratio:.2f}")
    return a


def _say_why_no_trend(a: Assessment, points: list[Point]) -> None:
    if not points:
        a.say("no_observation")
    elif points[-1].year < BASE_YEAR:
        a.say("before_base_year_only", base_year=BASE_YEAR)
    elif len(points) > 1:  # the others are before the base year
        a.say("one_since_base_year", base_year=BASE_YEAR, year=points[-1].year)
    else:
        a.say("one_observation")


def _assess_from_growth(a: Assessment, points: list[Point], growths: list[Growth]) -> Assessment:
    """Too few dated values from the base year on: a change statement can still give the observed
    rate (deviation: the published method has no such rates), and one level can meet a target."""
    d = a.direction
    if not growths:
        _say_why_no_trend(a, points)
        if points and a.target is not None:
            _what_it_would_take(a)
        elif a.target is not None and a.target.year is None:
            a.say("no_target_year")
        return a
    g = max(growths, key=lambda g: (g.year, g.year - g.base_year))  # the latest, then the longest
    a.from_change_statement = True
    a.caveats.add("change_statement")
    a.observed_rate = g.rate
    a.rate_years = (g.base_year, g.year)
    a.say("rate_from_change", base_year=g.base_year, year=g.year)
    if a.target is None:
        a.status = status_without_target(d * g.rate)
        a.say("no_target_change", observed=f"{g.rate:+.2%}")
        return a
    if a.current is None:
        a.say("no_level")
        return a
    # one level and a rate: the required rate runs from that level
    _note_qualifiers([a.current], a)
    if _achieved(a):
        return a
    if a.target.year is None:
        a.say("no_target_year")
        return a
    if a.target.year <= a.current.year:
        a.say("target_not_after_latest")
        return a
    v_cur = _zero(a.current.value, "zero_level", a, year=a.current.year)
    t_value = _zero(a.target.value, "zero_target", a)
    if v_cur < 0 or t_value < 0:  # deviation: a change of a negative level has no agreed reading
        a.say("negative_values")
        return a
    a.required_rate = a.rate_now_required = cagr(v_cur, t_value, a.target.year - a.current.year)
    a.projected_value = v_cur * (1 + g.rate) ** (a.target.year - a.current.year)
    if a.required_rate == 0:
        a.say("target_equals_baseline")
        return a
    a.ratio = d * g.rate / abs(a.required_rate)
    a.status = status_with_target(a.ratio)
    a.say("ratio", observed=f"{g.rate:+.2%}", required=f"{a.required_rate:+.2%}", ratio=f"{a.ratio:.2f}")
    return a


def _what_it_would_take(a: Assessment) -> None:
    """One level and a target: no verdict on the trend, but the rate now required still answers
    "what would it take", and a level that already meets the target is achieved."""
    cur, target = a.current, a.target
    _note_qualifiers([cur], a)
    if _achieved(a):
        return
    if target.year is None:
        a.say("no_target_year")
        return
    if target.year <= cur.year:
        a.say("target_not_after_latest")
        return
    v_cur = _zero(cur.value, "zero_level", a, year=cur.year)
    t_value = _zero(target.value, "zero_target", a)
    if v_cur < 0 or t_value < 0:
        a.say("negative_values")
        return
    a.rate_now_required = cagr(v_cur, t_value, target.year - cur.year)
    a.say("rate_now_required", target=plain(target.value), target_year=target.year,
          rate=f"{a.rate_now_required:+.2%}", year=cur.year)


def plain(value: float) -> str:
    """A number for a sentence: 22,000,000 rather than 2.2e+07."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.6g}"


def method_summary() -> dict:
    """The method's parameters, for the README, `jjj progress` and the method page."""
    return {"base_year": BASE_YEAR, "target_thresholds": TARGET_THRESHOLDS,
            "no_target_thresholds": NO_TARGET_THRESHOLDS, "zero_replacement": ZERO_REPLACEMENT,
            "statuses": list(STATUSES), "rests_on": list(RESTS_ON), "deviations": list(DEVIATIONS)}
