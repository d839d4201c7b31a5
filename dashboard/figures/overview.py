"""The overview's summary chart: how many indicator series per theme fall in each progress status."""
from __future__ import annotations

from collections import Counter

import plotly.graph_objects as go

from db.records import ProgressRow, Theme
from vocab import STATUSES

from ..i18n import name, t
from .style import STATUS_STYLE, base_layout

STATUS_ORDER = STATUSES


def status_counts(rows: list[ProgressRow], indicator_theme: dict[str, str]) -> Counter:
    """(theme, status) → number of series; rows are progress rows."""
    return Counter((indicator_theme.get(r.indicator_id), r.status) for r in rows)


def status_by_theme_figure(rows: list[ProgressRow], themes: list[Theme], indicator_theme: dict[str, str],
                           lang: str) -> go.Figure:
    """Stacked horizontal bars; each status has its colour, its icon in the legend and its count as text."""
    counts = status_counts(rows, indicator_theme)
    shown = [th for th in themes if any(counts[(th.id, s)] for s in STATUS_ORDER)]
    labels = [name(th, lang) for th in shown]
    fig = go.Figure()
    for status in STATUS_ORDER:
        values = [counts[(th.id, status)] for th in shown]
        if not any(values):
            continue
        colour, icon = STATUS_STYLE[status]
        fig.add_trace(go.Bar(
            y=labels, x=values, orientation="h", name=f"{icon} {t(lang, f'status.{status}')}", meta=status,
            marker=dict(color=colour), text=[v or "" for v in values], textposition="inside",
            hovertemplate="%{y}: %{x}<extra>" + t(lang, f"status.{status}") + "</extra>"))
    fig.update_layout(**base_layout(barmode="stack", height=max(260, 34 * len(shown) + 140),
                                    margin=dict(l=10, r=10, t=10, b=10)))
    fig.update_xaxes(title=t(lang, "chart.status_count"))
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig
