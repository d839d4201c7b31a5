"""The progress table's rows: one value a year, the target to judge against, and the assessment
(etl/progress.py) for every indicator and region. Pure functions."""
from __future__ import annotations

import json
import math
from collections import defaultdict

from .derive import QUALIFIER_PREFERENCE
from .periods import date_ordinal
from .progress import YEARLY_SPANS, Growth, Point, assess

_PREFERENCE = {"observed": 0, "derived": 1}


def growth_from_change(row: dict) -> Growth | None:
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


def choose_target(targets: list[dict]) -> Point | None:
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
    groups = defaultdict(lambda: {"rows": [], "targets": []})
    for r in observations:
        groups[(r["indicator_id"], r["region_id"])]["rows"].append(r)
    for t in targets:
        groups[(t["indicator_id"], t["region_id"])]["targets"].append(t)
    by_id = {i["id"]: i for i in indicators}
    return [progress_row(by_id[ind], reg, g["rows"], g["targets"], doc_dates)
            for (ind, reg), g in sorted(groups.items())]


def progress_row(indicator: dict, reg: str, rows: list[dict], targets: list[dict], doc_dates: dict[str, str]) -> dict:
    """The progress row of one indicator and region. Only `rows` whose period stands for a year and
    change statements count, so a caller may pass just those (the streamed build reads them from the database)."""
    ind = indicator["id"]
    points = yearly_points(rows, doc_dates)
    growths = [x for r in rows if r["kind"] == "change" and (x := growth_from_change(r))]
    target = choose_target(targets)
    a = assess(points, indicator["direction"], target, growths)
    used = [p.key for p in (a.baseline, a.current, a.target) if p] + (
        [max(growths, key=lambda x: (x.year, x.year - x.base_year)).key] if a.from_change_statement else [])
    return {
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
        "unit": indicator["unit"],
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
        "rests_on": ",".join(a.rests_on),
        "inputs": json.dumps(sorted(set(used)), ensure_ascii=False),
    }


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None
