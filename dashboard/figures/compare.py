"""Several indicator · region series on one chart: absolute, indexed to baseline = 100, or small multiples."""
from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from db.records import SeriesPoint

from ..formatting import format_value, unit_label
from ..i18n import t
from .axes import value_ticks
from .hover import safe_lines
from .style import SERIES_COLOURS, base_layout

MODES = ("absolute", "indexed", "small")


def indexed(values: list[float]) -> list[float]:
    """Each value as a share of the first (the baseline) × 100; undefined where the baseline is 0."""
    if not values or not values[0]:
        return [None for _ in values]
    return [v / values[0] * 100 for v in values]


def compare_figure(series: list[dict], mode: str, lang: str) -> go.Figure:
    """`series`: [{"label", "unit", "points": [SeriesPoint, oldest first]}]."""
    mode = mode if mode in MODES else "absolute"
    if mode == "small" and series:
        # plotly refuses spacing above 1/(rows − 1): shrink it as the rows multiply
        spacing = min(0.08, 0.5 / max(1, len(series) - 1))
        fig = make_subplots(rows=len(series), cols=1, shared_xaxes=True, vertical_spacing=spacing,
                            subplot_titles=[s["label"] for s in series])
    else:
        fig = go.Figure()
    for n, s in enumerate(series):
        points = s["points"]
        values = [p.value for p in points]
        y = indexed(values) if mode == "indexed" else values
        trace = go.Scatter(
            x=[p.year for p in points], y=y, name=s["label"], mode="lines+markers",
            line=dict(color=SERIES_COLOURS[n % len(SERIES_COLOURS)], width=2),
            marker=dict(symbol=["triangle-up" if p.qualifier == "more_than" else "circle" for p in points],
                        size=10),
            customdata=[[_hover_value(p, y_n, points[0].year, s["unit"], mode, lang),
                         safe_lines(p.quote or "")] for p, y_n in zip(points, y)],
            hovertemplate="<b>%{customdata[0]}</b> (%{x})<br>%{customdata[1]}<extra>" + safe_lines(s["label"], 30)
                          + "</extra>")
        if mode == "small":
            fig.add_trace(trace, row=n + 1, col=1)
            fig.update_yaxes(title_text=unit_label(s["unit"], lang) or None, rangemode="tozero", row=n + 1, col=1,
                             **value_ticks(values, s["unit"], lang))
        else:
            fig.add_trace(trace)
    height = max(420, 220 * len(series)) if mode == "small" else 460
    fig.update_layout(**base_layout(height=height, showlegend=mode != "small"))
    years = {p.year for s in series for p in s["points"]}
    fig.update_xaxes(tickformat="d", dtick=1 if len(years) < 12 else None)  # whole years, each once
    if mode == "indexed":
        fig.update_yaxes(title_text=t(lang, "compare.index"))
    units = {s["unit"] for s in series}
    if mode == "absolute":
        # one unit names the axis; mixed units get no title but still 万/亿 (or M/bn) ticks
        single_unit = next(iter(units)) if len(units) == 1 else None
        fig.update_yaxes(title_text=unit_label(single_unit, lang) or None if single_unit else None,
                         rangemode="tozero", **value_ticks([p.value for s in series for p in s["points"]],
                                                           single_unit or "count", lang))
    return fig


def _hover_value(point: SeriesPoint, shown, base_year: int, unit: str, mode: str, lang: str) -> str:
    """The value as the reader knows it; an index also names its base year."""
    value = format_value(point.value, unit, lang, point.qualifier)
    if mode != "indexed" or shown is None:
        return value
    return f"{shown:.1f} ({t(lang, 'compare.index_of', year=base_year)}) · {value}"
