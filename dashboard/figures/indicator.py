"""The indicator chart: observed values, lower bounds, derived values, baseline, target and its line,
the required path baseline → target and the projection from the observed trend."""
from __future__ import annotations

import plotly.graph_objects as go

from db.records import ProgressRow, SeriesPoint, Statement

from ..formatting import format_value, unit_label
from ..i18n import t
from .axes import value_ticks
from .hover import safe_lines
from .style import OKABE_ITO, base_layout

STRATEGY_START = 2014  # a chart with a single year shows it against the strategy's whole span

HOVER = "<b>%{customdata[0]}</b> · %{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"


def point_groups(points: list[SeriesPoint]) -> dict[str, list[SeriesPoint]]:
    """Observed values, lower bounds (超/突破) and derived values are drawn apart."""
    groups = {"observed": [], "lower_bound": [], "derived": []}
    for p in points:
        if p.kind == "derived":
            groups["derived"].append(p)
        elif p.qualifier == "more_than":
            groups["lower_bound"].append(p)
        else:
            groups["observed"].append(p)
    return groups


def _customdata(p: SeriesPoint, unit: str, lang: str) -> list[str]:
    title = p.document_title_en if lang == "en" and p.document_title_en else p.document_title
    source = f"{title or ''} ({p.document_date or ''})"
    return [format_value(p.value, unit, lang, p.qualifier), p.period or str(p.year),
            safe_lines(source, 40), safe_lines(p.quote or "")]


_MARKERS = {
    "observed": dict(symbol="circle", size=10, color=OKABE_ITO["blue"]),
    "lower_bound": dict(symbol="triangle-up", size=13, color=OKABE_ITO["orange"]),
    "derived": dict(symbol="circle-open", size=10, color=OKABE_ITO["purple"], line=dict(width=2)),
}
_LINES = {"observed": dict(color=OKABE_ITO["blue"], width=2),
          "lower_bound": dict(color=OKABE_ITO["orange"], width=1.5, dash="dot"),
          "derived": dict(color=OKABE_ITO["purple"], width=1.5, dash="dash")}
_LABELS = {"observed": "chart.observed", "lower_bound": "chart.lower_bound", "derived": "chart.derived"}


def indicator_figure(points: list[SeriesPoint], unit: str, lang: str, progress: ProgressRow | None = None,
                     target: Statement | None = None) -> go.Figure:
    """`points`: level rows of one indicator and region; `progress`: its progress row; `target`: the
    target statement the progress row uses (for its quote)."""
    fig = go.Figure()
    for group, rows in point_groups(points).items():
        if not rows:
            continue
        fig.add_trace(go.Scatter(
            x=[r.year for r in rows], y=[r.value for r in rows], name=t(lang, _LABELS[group]),
            mode="lines+markers" if len(rows) > 1 else "markers", marker=_MARKERS[group], line=_LINES[group],
            customdata=[_customdata(r, unit, lang) for r in rows], hovertemplate=HOVER, meta=group))
    if progress is not None:
        _add_progress_marks(fig, points, unit, lang, progress, target)
    years = sorted({p.year for p in points} | {y for y in (progress.target_year if progress else None,) if y})
    fig.update_layout(**base_layout(height=440, hovermode="closest"))
    if len(years) == 1:
        fig.update_xaxes(range=[min(STRATEGY_START, years[0]) - 0.5, max(STRATEGY_START, years[0]) + 0.5], dtick=2)
    else:
        fig.update_xaxes(dtick=1 if len(years) < 12 else None)
    # no "Year" title: the ticks are years, and on a phone the title ran into the legend below
    fig.update_xaxes(tickformat="d")
    values = [p.value for p in points] + ([progress.baseline_value, progress.target_value, progress.projected_value]
                                          if progress else [None, None, None])
    fig.update_yaxes(title=unit_label(unit, lang) or None, rangemode="tozero", separatethousands=True,
                     **value_ticks(values, unit, lang))
    return fig


def drawable(points: list[SeriesPoint], progress: ProgressRow | None) -> bool:
    """A chart needs a dated level or a dated target; anything else is said in words instead."""
    return bool(points) or bool(progress and progress.target_year and progress.target_value is not None)


def _add_progress_marks(fig: go.Figure, points: list[SeriesPoint], unit: str, lang: str, progress: ProgressRow,
                        target: Statement | None) -> None:
    base_year, base_value = progress.baseline_year, progress.baseline_value
    cur_year, cur_value = progress.current_year, progress.current_value
    t_year, t_value = progress.target_year, progress.target_value
    if base_year is not None and base_value is not None:
        fig.add_trace(go.Scatter(
            x=[base_year], y=[base_value], mode="markers", name=t(lang, "chart.baseline"), meta="baseline",
            marker=dict(symbol="diamond-open", size=18, color=OKABE_ITO["black"], line=dict(width=2)),
            hovertemplate=f"{t(lang, 'chart.baseline')}: {format_value(base_value, unit, lang)} ({base_year})"
                          "<extra></extra>"))
    if t_value is None:
        return
    start = min([p.year for p in points] + [base_year or t_year or 0])
    end = t_year or max([p.year for p in points] or [start])
    quote = safe_lines((target.quote if target else None) or "")
    label = format_value(t_value, unit, lang, target.qualifier if target else "exact")
    fig.add_trace(go.Scatter(
        x=[start, end], y=[t_value, t_value], mode="lines", name=t(lang, "chart.target_line"), meta="target_line",
        line=dict(color=OKABE_ITO["green"], width=2, dash="dash"), hoverinfo="skip"))
    if t_year:
        fig.add_trace(go.Scatter(
            x=[t_year], y=[t_value], mode="markers", name=t(lang, "chart.target_year", year=t_year), meta="target",
            marker=dict(symbol="star", size=18, color=OKABE_ITO["green"]),
            hovertemplate=f"<b>{t(lang, 'chart.target')} {t_year}: {label}</b><br>{quote}<extra></extra>"))
    if t_year and base_year is not None and base_value is not None and t_year > base_year:
        fig.add_trace(go.Scatter(
            x=[base_year, t_year], y=[base_value, t_value], mode="lines", name=t(lang, "chart.required_path"),
            meta="required_path", line=dict(color=OKABE_ITO["black"], width=1.5, dash="dot"), hoverinfo="skip"))
    projected = progress.projected_value
    if t_year and projected is not None and cur_year is not None and cur_value is not None:
        fig.add_trace(go.Scatter(
            x=[cur_year, t_year], y=[cur_value, projected], mode="lines+markers", name=t(lang, "chart.projection"),
            meta="projection", line=dict(color=OKABE_ITO["sky"], width=2, dash="dashdot"),
            marker=dict(symbol=["circle-open", "x"], size=[1, 10], color=OKABE_ITO["sky"]),
            hovertemplate=f"{t(lang, 'chart.projection')} {t_year}: {format_value(projected, unit, lang)}"
                          "<extra></extra>"))
