"""Progress toward targets, assessed as Eurostat, Statistics Canada and Open SDG do. Pure functions.

Observed growth CAGR_o = (v_cur / v_base)^(1 / (t_cur − t_base)) − 1.
With a target T in year t_T: CAGR_r = (T / v_base)^(1 / (t_T − t_base)) − 1 and
ratio = d · CAGR_o / |CAGR_r| (d = +1 higher is better, −1 lower is better):
target achieved when the current value already meets it; otherwise ratio ≥ 0.95 substantial,
0.60–0.95 moderate, 0–0.60 limited, < 0 deterioration.
Without a target: P = d · CAGR_o against 1.5 % and 0.5 % a year.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from .derive import QUALIFIER_PREFERENCE
from .periods import date_ordinal

# The method in one place: the README and the dashboard's method page read these.
BASE_YEAR = 2014  # the strategy was launched in February 2014
TARGET_THRESHOLDS = {"substantial": 0.95, "moderate": 0.60, "limited": 0.0}
NO_TARGET_THRESHOLDS = {"substantial": 0.015, "moderate": 0.005, "limited": 0.0}
ZERO_REPLACEMENT = 0.001
BOUND_QUALIFIERS = ("more_than", "up_to")
APPROXIMATE_QUALIFIERS = ("about", "nearly")
STATUSES = ("achieved", "substantial", "moderate", "limited", "deterioration", "not_assessed")
# Values of these spans stand for a year; partial-year figures (Jan–Oct) are not comparable.
YEARLY_SPANS = ("year", "years", "document")

_PREFERENCE = {"observed": 0, "derived": 1}


# Every reason a verdict can give, as a code and an English template. The dashboard renders
# the same codes in Chinese from its i18n catalog (keys "reason.<code>", same placeholders).
REASONS = {
    "neutral": "the indicator's direction is neutral: no better or worse to assess",
    "lower_bound": "the {year} value is a lower bound (超/突破): the result rests on a bound",
    "upper_bound": "the {year} value is an upper bound (以内): the result rests on a bound",
    "approximate": "the {year} value is approximate (约/近)",
    "opposite_signs": "baseline and current values have opposite signs: growth rates are undefined",
    "negative_values": "negative values: compound growth rates are undefined",
    "zero_baseline": "zero baseline replaced by {zero} (Open SDG's rule)",
    "zero_current": "zero current value replaced by {zero} (Open SDG's rule)",
    "zero_target": "zero target replaced by {zero} (Open SDG's rule)",
    "no_target": "no target stated: observed growth {observed} a year judged against {substantial} and {moderate}",
    "no_target_year": "the target states no year: no required rate",
    "target_opposite_signs": "baseline and target have opposite signs: growth rates are undefined",
    "achieved": "the {year} value already meets the {target_year} target",
    "target_not_after_baseline": "the target equals or precedes the baseline: no required rate",
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
    baseline: Optional[Point] = None
    current: Optional[Point] = None
    target: Optional[Point] = None
    observed_rate: Optional[float] = None
    required_rate: Optional[float] = None
    rate_now_required: Optional[float] = None
    rate_years: Optional[tuple[int, int]] = None  # the years the observed rate spans
    ratio: Optional[float] = None
    projected_value: Optional[float] = None
    status: str = "not_assessed"
    reasons: list[dict] = field(default_factory=list)  # {"code": …, **params}
    rests_on_bound: bool = False
    from_change_statement: bool = False
    direction: int = 0  # +1 higher is better, −1 lower is better, 0 neutral

    def say(self, code: str, **params) -> None:
        self.reasons.append({"code": code, **{k: str(v) for k, v in params.items()}})

    @property
    def reason(self) -> str:
        """The reasons in English; `reasons` keeps them as codes for other languages."""
        return "; ".join(REASONS[r["code"]].format(**r) for r in self.reasons)


def cagr(v_start: float, v_end: float, years: float) -> float:
    return (v_end / v_start) ** (1 / years) - 1


def status_with_target(ratio: float) -> str:
    if ratio >= TARGET_THRESHOLDS["substantial"]:
        return "substantial"
    if ratio >= TARGET_THRESHOLDS["moderate"]:
        return "moderate"
    if ratio >= TARGET_THRESHOLDS["limited"]:
        return "limited"
    return "deterioration"


def status_without_target(p: float) -> str:
    if p >= NO_TARGET_THRESHOLDS["substantial"]:
        return "substantial"
    if p >= NO_TARGET_THRESHOLDS["moderate"]:
        return "moderate"
    if p >= NO_TARGET_THRESHOLDS["limited"]:
        return "limited"
    return "deterioration"


def direction_sign(direction: str) -> int:
    return {"higher_is_better": 1, "lower_is_better": -1}.get(direction, 0)


def choose_baseline(points: list[Point]) -> Point:
    """The strategy's base year where a value exists, otherwise the earliest."""
    for p in points:
        if p.year == BASE_YEAR:
            return p
    return min(points, key=lambda p: p.year)


def _guard_zero(value: float, what: str, a: "Assessment") -> float:
    if value == 0:
        a.say(f"zero_{what}", zero=ZERO_REPLACEMENT)
        return ZERO_REPLACEMENT
    return value


def _note_bounds(points: list[Point], a: Assessment) -> None:
    for p in points:
        if p.qualifier in BOUND_QUALIFIERS:
            a.rests_on_bound = True
            a.say("lower_bound" if p.qualifier == "more_than" else "upper_bound", year=p.year)
        elif p.qualifier in APPROXIMATE_QUALIFIERS:
            a.say("approximate", year=p.year)


def assess(points: list[Point], direction: str, target: Optional[Point] = None,
           growths: Optional[list[Growth]] = None) -> Assessment:
    """Baseline, current, target and the verdict for one indicator in one region."""
    d = direction_sign(direction)
    a = Assessment(target=target, direction=d)
    points = sorted(points, key=lambda p: p.year)
    if points:
        a.current = points[-1]
        a.baseline = choose_baseline(points)
    if d == 0:
        a.say("neutral")
        return a
    if len(points) < 2 or a.baseline.year >= a.current.year:
        return _assess_from_growth(a, points, d, growths or [])
    base, cur = a.baseline, a.current
    _note_bounds([base, cur], a)
    v_base = _guard_zero(base.value, "baseline", a)
    v_cur = _guard_zero(cur.value, "current", a)
    if v_base < 0 or v_cur < 0:  # compound growth is defined for positive levels only
        a.say("opposite_signs" if (v_base < 0) != (v_cur < 0) else "negative_values")
        return a
    a.observed_rate = cagr(v_base, v_cur, cur.year - base.year)
    a.rate_years = (base.year, cur.year)
    if target is None:
        a.status = status_without_target(d * a.observed_rate)
        a.say("no_target", observed=f"{a.observed_rate:+.2%}", substantial=f"{NO_TARGET_THRESHOLDS['substantial']:.1%}",
              moderate=f"{NO_TARGET_THRESHOLDS['moderate']:.1%}")
        return a
    return _with_target(a, v_base, v_cur, d)


def _with_target(a: Assessment, v_base: float, v_cur: float, d: int) -> Assessment:
    target, base, cur = a.target, a.baseline, a.current
    if target.year is None:
        a.say("no_target_year")
        return a
    t_value = _guard_zero(target.value, "target", a)
    if (t_value < 0) != (v_base < 0):
        a.say("target_opposite_signs")
        return a
    if (d > 0 and v_cur >= t_value) or (d < 0 and v_cur <= t_value):
        a.status = "achieved"
        a.say("achieved", year=cur.year, target_year=target.year)
    if target.year > base.year:
        a.required_rate = cagr(v_base, t_value, target.year - base.year)
    if target.year > cur.year:
        a.rate_now_required = cagr(v_cur, t_value, target.year - cur.year)
        a.projected_value = v_cur * (1 + a.observed_rate) ** (target.year - cur.year)
    if a.status == "achieved":
        return a
    if a.required_rate is None or a.required_rate == 0:
        a.say("target_not_after_baseline")
        return a
    a.ratio = d * a.observed_rate / abs(a.required_rate)
    a.status = status_with_target(a.ratio)
    a.say("ratio", observed=f"{a.observed_rate:+.2%}", required=f"{a.required_rate:+.2%}", ratio=f"{a.ratio:.2f}")
    return a


def _assess_from_growth(a: Assessment, points: list[Point], d: int, growths: list[Growth]) -> Assessment:
    """Too few dated values: a change statement can still give the observed rate."""
    if not growths:
        a.say("no_observation" if not points else "one_observation")
        if points and a.target is not None:
            _what_it_would_take(a)
        return a
    g = max(growths, key=lambda g: (g.year, g.year - g.base_year))  # the latest, then the longest
    a.from_change_statement = True
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
    _note_bounds([a.current], a)
    if a.target.year is None or a.target.year <= a.current.year:
        a.say("target_not_after_latest")
        return a
    v_cur = _guard_zero(a.current.value, "current", a)
    t_value = _guard_zero(a.target.value, "target", a)
    if v_cur < 0 or t_value < 0:
        a.say("negative_values")
        return a
    if (d > 0 and v_cur >= t_value) or (d < 0 and v_cur <= t_value):
        a.status = "achieved"
        return a
    a.required_rate = a.rate_now_required = cagr(v_cur, t_value, a.target.year - a.current.year)
    a.projected_value = v_cur * (1 + g.rate) ** (a.target.year - a.current.year)
    a.ratio = d * g.rate / abs(a.required_rate) if a.required_rate else None
    if a.ratio is not None:
        a.status = status_with_target(a.ratio)
    return a


def _what_it_would_take(a: Assessment) -> None:
    """One level and a target: no verdict on the trend, but the rate now required still answers
    "what would it take", and a level that already meets the target is achieved."""
    cur, target, d = a.current, a.target, a.direction
    if target.year is None or target.year <= cur.year or d == 0:
        return
    _note_bounds([cur], a)
    if (d > 0 and cur.value >= target.value) or (d < 0 and cur.value <= target.value):
        a.status = "achieved"
        a.say("achieved", year=cur.year, target_year=target.year)
        return
    if cur.value <= 0 or target.value <= 0:
        return  # compound growth is defined for positive levels only
    a.rate_now_required = cagr(cur.value, target.value, target.year - cur.year)
    a.say("rate_now_required", target=_plain(target.value), target_year=target.year,
          rate=f"{a.rate_now_required:+.2%}", year=cur.year)


def _plain(value: float) -> str:
    """A number for a sentence: 22,000,000 rather than 2.2e+07."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.6g}"


def growth_from_change(row: dict) -> Optional[Growth]:
    """The compound annual rate a change statement implies, where it implies one."""
    years = row["year"] - (row["base_year"] or row["year"])
    if years <= 0:
        return None
    c = row["value"]
    if row["unit"] == "percent":
        if row["change_basis"] == "annual_average":
            return Growth(row["base_year"], row["year"], c / 100, row["key"])
        factor = 1 + c / 100
    elif row["unit"] == "times":
        factor = c if row["change_direction"] == "ratio" else 1 + c
    else:
        return None  # percentage points and absolute changes need a level
    if factor <= 0:
        return None
    return Growth(row["base_year"], row["year"], factor ** (1 / years) - 1, row["key"])


def yearly_points(rows: list[dict], doc_dates: dict[str, str]) -> list[Point]:
    """One value a year: observed before derived, exact before bounds, the newest document first."""
    by_year = defaultdict(list)
    for r in rows:
        if r["kind"] in _PREFERENCE and r["period_span"] in YEARLY_SPANS:
            by_year[r["year"]].append(r)
    points = []
    for year, candidates in sorted(by_year.items()):
        best = min(candidates, key=lambda r: (_PREFERENCE[r["kind"]], QUALIFIER_PREFERENCE[r["qualifier"]],
                                              -date_ordinal(doc_dates.get(r["document_id"], "")), r["key"]))
        points.append(Point(year, best["value"], best["qualifier"], best["key"], best["kind"]))
    return points


def choose_target(targets: list[dict]) -> Optional[Point]:
    """The 2030 target where there is one, else the latest dated, else one without a year."""
    if not targets:
        return None
    dated = [t for t in targets if t["target_year"] is not None]
    pick = (next((t for t in dated if t["target_year"] == 2030), None)
            or (max(dated, key=lambda t: (t["target_year"], t["key"])) if dated else None)
            or sorted(targets, key=lambda t: t["key"])[0])
    return Point(pick["target_year"], pick["value"], pick["qualifier"], pick["key"])


def progress_rows(observations: list[dict], targets: list[dict], indicators: list[dict],
                  doc_dates: dict[str, str]) -> list[dict]:
    """A progress row for every indicator and region with a value, a change or a target."""
    direction = {i["id"]: i["direction"] for i in indicators}
    unit = {i["id"]: i["unit"] for i in indicators}
    groups = defaultdict(lambda: {"rows": [], "targets": []})
    for r in observations:
        groups[(r["indicator_id"], r["region_id"])]["rows"].append(r)
    for t in targets:
        groups[(t["indicator_id"], t["region_id"])]["targets"].append(t)
    out = []
    for (ind, reg), g in sorted(groups.items()):
        points = yearly_points(g["rows"], doc_dates)
        growths = [x for r in g["rows"] if r["kind"] == "change" and (x := growth_from_change(r))]
        target = choose_target(g["targets"])
        a = assess(points, direction[ind], target, growths)
        used = [p.key for p in (a.baseline, a.current, a.target) if p] + (
            [max(growths, key=lambda x: (x.year, x.year - x.base_year)).key] if a.from_change_statement else [])
        out.append({
            "key": f"{ind}|{reg}",
            "indicator_id": ind,
            "region_id": reg,
            "baseline_year": a.baseline.year if a.baseline else None,
            "baseline_value": a.baseline.value if a.baseline else None,
            "current_year": a.current.year if a.current else None,
            "current_value": a.current.value if a.current else None,
            "target_year": a.target.year if a.target else None,
            "target_value": a.target.value if a.target else None,
            "baseline_qualifier": a.baseline.qualifier if a.baseline else None,
            "baseline_kind": a.baseline.kind if a.baseline else None,
            "current_qualifier": a.current.qualifier if a.current else None,
            "current_kind": a.current.kind if a.current else None,
            "target_qualifier": a.target.qualifier if a.target else None,
            "rate_from_year": a.rate_years[0] if a.rate_years else None,
            "rate_to_year": a.rate_years[1] if a.rate_years else None,
            "unit": unit[ind],
            "observed_rate": _finite(a.observed_rate),
            "required_rate": _finite(a.required_rate),
            "rate_now_required": _finite(a.rate_now_required),
            "ratio": _finite(a.ratio),
            "projected_value": _finite(a.projected_value),
            "status": a.status,
            "reason": a.reason,
            "reason_codes": json.dumps(a.reasons, ensure_ascii=False),
            "rests_on_bound": a.rests_on_bound,
            "from_change_statement": a.from_change_statement,
            "inputs": json.dumps(sorted(set(used)), ensure_ascii=False),
        })
    return out


def _finite(x: Optional[float]) -> Optional[float]:
    return x if x is not None and math.isfinite(x) else None


def method_summary() -> dict:
    """The method's parameters, for the README, `jjj progress` and the method page."""
    return {"base_year": BASE_YEAR, "target_thresholds": TARGET_THRESHOLDS,
            "no_target_thresholds": NO_TARGET_THRESHOLDS, "zero_replacement": ZERO_REPLACEMENT,
            "statuses": list(STATUSES)}


