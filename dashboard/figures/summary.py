"""A chart in one sentence, for screen readers: "Container throughput, Port of Tianjin: over 22 M TEU
in 2023, over 23.29 M TEU in 2024; no target stated". Pure functions."""
from __future__ import annotations

from db.records import ProgressRow, SeriesPoint, Statement

from ..formatting import digits_for, format_value
from ..i18n import t


def _point(p: SeriesPoint, unit: str, lang: str) -> str:
    value = format_value(p.value, unit, lang, p.qualifier or "exact", digits_for(p.kind))
    key = "summary.derived_point" if p.kind == "derived" else "summary.point"
    return t(lang, key, value=value, year=p.year)  # the year the chart plots it at


def _levels(points: list[SeriesPoint], unit: str, lang: str) -> str:
    if not points:
        return t(lang, "summary.no_levels")
    return t(lang, "summary.list_separator").join(_point(p, unit, lang) for p in points)


def indicator_summary(title: str, points: list[SeriesPoint], unit: str, lang: str,
                      progress: ProgressRow | None = None, target: Statement | None = None) -> str:
    """`title`: indicator and region ("Container throughput, Port of Tianjin"); the levels oldest first,
    then the target (or that none is stated)."""
    t_year, t_value = (progress.target_year, progress.target_value) if progress else (None, None)
    if t_value is None:
        goal = t(lang, "verdict.no_target")
    else:
        value = format_value(t_value, unit, lang, (target.qualifier if target else None) or "exact")
        goal = t(lang, "summary.target", value=value, year=t_year) if t_year else \
            t(lang, "summary.target_no_year", value=value)
    ordered = sorted(points, key=lambda p: p.year)  # stable: a year's statements keep their order
    return t(lang, "summary.sentence", title=title, levels=_levels(ordered, unit, lang), goal=goal)


def compare_summary(series: list[dict], lang: str) -> str:
    """One clause per series: "label: value in year, …"; series separated by semicolons."""
    if not series:
        return ""
    return t(lang, "summary.series_separator").join(
        t(lang, "summary.series", title=s["label"], levels=_levels(s["points"], s["unit"], lang)) for s in series)
