"""Derive: levels implied by change statements, and conflicts between statements. Pure functions.

A change statement ("2025年出口比2014年增长56.9%") with a stated level at one end implies
the level at the other end. Each derived row carries its formula and the keys of its inputs.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict

from vocab import APPROXIMATE_QUALIFIERS, BOUND_QUALIFIERS

from .periods import date_ordinal

KEPT_QUALIFIERS = BOUND_QUALIFIERS + APPROXIMATE_QUALIFIERS  # what a derived level inherits from its stated level
QUALIFIER_PREFERENCE = {"exact": 0, "about": 1, "nearly": 2, "more_than": 3, "up_to": 4, "range": 5}


def _pick_level(levels: list[dict], doc_dates: dict[str, str]) -> dict:
    """Among several stated levels for one period: the most exact, then the latest document."""
    return min(levels, key=lambda r: (QUALIFIER_PREFERENCE[r["qualifier"]],
                                      -date_ordinal(doc_dates.get(r["document_id"], "")), r["key"]))


def apply_change(level: float, change: dict, forward: bool, years: int) -> tuple[float, str]:
    """The level at the other end of a change statement, with the formula used.

    forward: from the base-period level to the period level; otherwise backwards.
    """
    c = change["value"]  # signed: a decrease is negative
    unit = change["unit"]
    if unit == "percent":
        factor = 1 + c / 100
        if change["change_basis"] == "annual_average":
            factor = factor ** years
            text = f"(1 {'+' if c >= 0 else '−'} {abs(c):g}%)^{years}"
        else:
            text = f"(1 {'+' if c >= 0 else '−'} {abs(c):g}%)"
        if factor <= 0:
            raise ValueError("a change of −100% or less has no level at the other end")
        return (level * factor, f"× {text}") if forward else (level / factor, f"÷ {text}")
    if unit == "times":
        factor = c if change["change_direction"] == "ratio" else 1 + c
        return (level * factor, f"× {factor:g}") if forward else (level / factor, f"÷ {factor:g}")
    # percentage points and absolute changes add
    sign = "+" if c >= 0 else "−"
    if forward:
        return level + c, f"{sign} {abs(c):g} {unit}"
    return level - c, f"{'−' if c >= 0 else '+'} {abs(c):g} {unit}"


def derive_levels(observations: list[dict], doc_dates: dict[str, str]) -> list[dict]:
    """Derived rows for every change statement with a stated level at exactly one end."""
    levels = defaultdict(list)
    for row in observations:
        if row["kind"] == "observed":
            levels[(row["indicator_id"], row["region_id"], row["period"])].append(row)
    derived = []
    for change in observations:
        if change["kind"] != "change":
            continue
        ind, reg = change["indicator_id"], change["region_id"]
        at_end = levels.get((ind, reg, change["period"]))
        at_base = levels.get((ind, reg, change["base_period"]))
        if bool(at_end) == bool(at_base):
            continue  # nothing stated, or both ends stated
        forward = bool(at_base)
        level = _pick_level(at_base or at_end, doc_dates)
        years = change["year"] - change["base_year"]
        try:
            value, formula_tail = apply_change(level["value"], change, forward, years)
        except (ValueError, ZeroDivisionError):
            continue
        if not math.isfinite(value):
            continue
        target_period = change["period"] if forward else change["base_period"]
        source_period = level["period"]
        formula = f"value({target_period}) = value({source_period}) {formula_tail}"
        derived.append({
            **{k: None for k in change},
            "key": f"derived|{change['key']}",
            "indicator_id": ind,
            "region_id": reg,
            "kind": "derived",
            "period": target_period,
            "period_start": change["period_start"] if forward else _base_start(change),
            "period_end": change["period_end"] if forward else _base_end(change),
            "year": change["year"] if forward else change["base_year"],
            "period_span": "year" if len(target_period) == 4 else change["period_span"],
            "period_from_document": False,
            "value": value,
            "value_low": value,
            "value_high": value,
            "unit": level["unit"],
            "qualifier": level["qualifier"] if level["qualifier"] in KEPT_QUALIFIERS else "exact",
            "document_id": change["document_id"],
            "quote": change["quote"],
            "note": f"derived from the stated level for {source_period} and the change between "
                    f"{change['base_period']} and {change['period']}",
            "formula": formula,
            "inputs": json.dumps([level["key"], change["key"]], ensure_ascii=False),
            "catalog_ref": change["catalog_ref"],
        })
    return derived


def _base_start(change: dict) -> str:
    base = change["base_period"]
    return f"{base[:4]}-01-01" if len(base) == 4 else change["period_start"]


def _base_end(change: dict) -> str:
    base = change["base_period"]
    return f"{base[:4]}-12-31" if len(base) == 4 else change["period_end"]


def _interval(row: dict) -> tuple[float, float]:
    """What a statement allows for the true value, given its qualifier."""
    v, q = row["value"], row["qualifier"]
    if q == "more_than":
        return v, math.inf
    if q == "up_to":
        return -math.inf, v
    if q == "nearly":
        return v * 0.9, v
    if q == "about":
        return v * 0.95, v * 1.05
    return row["value_low"], row["value_high"]


def _conflict_period(row: dict) -> str:
    """Statements compare by year when they stand for a year: "2024" and a 2024-dated "doc" figure meet."""
    if "target_year" in row:
        return str(row["target_year"])
    if row["period_span"] in ("year", "document"):
        return str(row["year"])
    return row["period"]


def find_conflicts(rows: list[dict], what: str) -> list[dict]:
    """Statements that give different values for one indicator, region and period.

    status: "contradiction" when no value satisfies all of them, "compatible" when their
    qualifiers allow a common value (a lower bound and a later exact figure, say).
    """
    groups = defaultdict(list)
    for row in rows:
        groups[(row["indicator_id"], row["region_id"], _conflict_period(row))].append(row)
    conflicts = []
    for (ind, reg, period), members in sorted(groups.items()):
        values = {round(m["value"], 9) for m in members}
        if len(members) < 2 or len(values) < 2:
            continue
        low = max(_interval(m)[0] for m in members)
        high = min(_interval(m)[1] for m in members)
        status = "compatible" if low <= high else "contradiction"
        docs = sorted({m["document_id"] for m in members})
        written = ", ".join(sorted(f"{m['value_as_written']}{m['unit_as_written']} ({m['document_id']})"
                                   for m in members))
        conflicts.append({
            "key": f"{what}|{ind}|{reg}|{period}",
            "indicator_id": ind,
            "region_id": reg,
            "period": period,
            "kind": what,
            "status": status,
            "documents": json.dumps(docs, ensure_ascii=False),
            "statement_keys": json.dumps(sorted(m["key"] for m in members), ensure_ascii=False),
            "values": json.dumps(sorted(m["value"] for m in members)),
            "note": f"{len(members)} statements in {len(docs)} document(s) give {written}",
        })
    return conflicts
