"""The data a chart draws, as table rows: one row per plotted point, with its qualifier and source.

Built from the same inputs as the figure builders (indicator.py, compare.py) and with their own
grouping and indexing, so the table view and the figure cannot drift apart (tests check every
plotted point is a row and every row a plotted point). Pure functions.
"""
from __future__ import annotations

from db.records import ProgressRow, SeriesPoint, Statement

from ..formatting import digits_for, format_value, number
from ..i18n import normalize_lang, t
from .compare import MODES, indexed
from .indicator import point_groups

# Trace metas that only join points listed elsewhere (a target level drawn across the years, the path
# from baseline to target): they add no data point of their own.
JOINING_LINES = ("target_line", "required_path")
_SERIES_LABELS = {"observed": "chart.observed", "lower_bound": "chart.lower_bound", "derived": "chart.derived",
                  "baseline": "chart.baseline", "target": "chart.target", "projection": "chart.projection"}


def document_title(row: SeriesPoint | Statement, lang: str) -> str:
    """The document's title in the reader's language (the Chinese title where no English one exists)."""
    if normalize_lang(lang) == "en" and row.document_title_en:
        return row.document_title_en
    return row.document_title or ""


def _source(row: SeriesPoint | Statement | None, lang: str) -> dict:
    if row is None:
        return {"source": "", "source_date": ""}
    return {"source": document_title(row, lang), "source_date": row.document_date or ""}


def _qualifier(qualifier: str | None, lang: str) -> str:
    if not qualifier or qualifier == "exact":
        return ""
    try:
        return t(lang, f"qualifier.{qualifier}")
    except KeyError:
        return qualifier


def _level_row(meta: str, p: SeriesPoint, unit: str, lang: str) -> dict:
    return {"meta": meta, "series": t(lang, _SERIES_LABELS[meta]), "year": p.year,
            "period": p.period or str(p.year), "value": p.value,
            "text": format_value(p.value, unit, lang, p.qualifier or "exact", digits_for(p.kind)),
            "qualifier": _qualifier(p.qualifier, lang), **_source(p, lang)}


def indicator_rows(points: list[SeriesPoint], unit: str, lang: str, progress: ProgressRow | None = None,
                   target: Statement | None = None) -> list[dict]:
    """The rows of the indicator chart's table, in the order the figure draws them: levels (observed,
    lower bounds, derived), then the baseline, the target and the projected target-year value."""
    rows = [_level_row(group, p, unit, lang) for group, members in point_groups(points).items() for p in members]
    base_year, base_value = (progress.baseline_year, progress.baseline_value) if progress else (None, None)
    if base_year is not None and base_value is not None:
        level = next((p for p in points if p.year == base_year and p.value == base_value), None)
        rows.append(_level_row("baseline", level, unit, lang) if level else
                    {"meta": "baseline", "series": t(lang, "chart.baseline"), "year": base_year,
                     "period": str(base_year), "value": base_value, "text": format_value(base_value, unit, lang),
                     "qualifier": "", "source": t(lang, "table.computed"), "source_date": ""})
    t_year, t_value = (progress.target_year, progress.target_value) if progress else (None, None)
    if t_year and t_value is not None:
        qualifier = (target.qualifier if target else None) or "exact"
        rows.append({"meta": "target", "series": t(lang, "chart.target"), "year": t_year, "period": str(t_year),
                     "value": t_value, "text": format_value(t_value, unit, lang, qualifier),
                     "qualifier": _qualifier(qualifier, lang), **_source(target, lang)})
    if t_year and progress.projected_value is not None and progress.current_year is not None \
            and progress.current_value is not None:
        projected = progress.projected_value
        rows.append({"meta": "projection", "series": t(lang, "chart.projection"), "year": t_year,
                     "period": str(t_year), "value": projected, "text": format_value(projected, unit, lang),
                     "qualifier": "", "source": t(lang, "table.computed"), "source_date": ""})
    return rows


def compare_rows(series: list[dict], mode: str, lang: str) -> list[dict]:
    """The rows of the compare chart's table: per series, each point with the value plotted (the index
    when indexed) beside the value as stated."""
    mode = mode if mode in MODES else "absolute"
    rows = []
    for s in series:
        points = s["points"]
        plotted = indexed([p.value for p in points]) if mode == "indexed" else [p.value for p in points]
        for p, y in zip(points, plotted):
            rows.append({"meta": "series", "series": s["label"], "year": p.year,
                         "period": p.period or str(p.year), "value": y,
                         "index": number(y, 1) if mode == "indexed" and y is not None else "",
                         "text": format_value(p.value, s["unit"], lang, p.qualifier or "exact",
                                              digits_for(p.kind)),
                         "qualifier": _qualifier(p.qualifier, lang), **_source(p, lang)})
    return rows
