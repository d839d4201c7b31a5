"""The indicator page: chart, verdict, evidence, conflicts and the download link, for one region."""
from __future__ import annotations

from collections import Counter

import dash_bootstrap_components as dbc
from dash import dcc, html

from db.records import ProgressRow, Statement

from .. import reads
from ..components.chart_tools import url_view
from ..components.evidence import conflicts_view, evidence_list, verdict_view
from ..components.messages import bad_params, not_found
from ..figures.indicator import drawable
from ..formatting import unit_label
from ..i18n import definition, definition_lang, dropdown_labels, name, normalize_lang, t
from ..urls import route
from ..urlstate import checked, single
from .chart_panel import chosen_view, indicator_block
from .cite import chart_title, cite_section, indicator_citation


def default_region(statements: list[Statement], progress: list[ProgressRow]) -> str | None:
    """The region with a target, else the one with most statements (ties: alphabetical)."""
    with_target = sorted(p.region_id for p in progress if p.target_value is not None)
    if with_target:
        return with_target[0]
    counts = Counter(s.region_id for s in statements)
    return min(counts, key=lambda r: (-counts[r], r)) if counts else None


def chosen_target(statements: list[Statement], progress: ProgressRow | None) -> Statement | None:
    """The target statement the progress row used (same year and value)."""
    if not progress or progress.target_value is None:
        return None
    return next((s for s in statements if s.kind == "target" and s.target_year == progress.target_year
                 and s.value == progress.target_value), None)


def download_href(indicator_id: str, region: str | None) -> str:
    return route("download.indicator", indicator_id=indicator_id, fmt="csv", region=region)


def indicator_layout(indicator_id=None, region=None, view=None, lang=None, **_ignored):
    lang, indicator_id = normalize_lang(lang), single(indicator_id)
    indicator = reads.indicators_by_id().get(indicator_id)
    if indicator is None:
        return not_found(t(lang, "error.indicator_not_found", id=indicator_id or ""), lang)
    regions = reads.regions_by_id()
    statements = reads.indicator_statements(indicator_id=indicator.id)
    progress_all = [p for p in reads.progress() if p.indicator_id == indicator.id]
    region_ids = sorted({s.region_id for s in statements} | {p.region_id for p in progress_all})
    problems: list[tuple[str, str]] = []
    region = checked("region", region, region_ids, problems) or default_region(statements, progress_all)
    # a real region this indicator has nothing about is not a bad link: say which it is
    problems = [(n, name(regions[v], lang), "error.region_no_data") if n == "region" and v in regions else (n, v)
                for n, v in problems]
    view = chosen_view(view, problems)
    progress = next((p for p in progress_all if p.region_id == region), None)
    here = sorted((s for s in statements if s.region_id == region), key=lambda s: (s.year or 0, s.kind, s.key))
    points = reads.level_points(indicator_id=indicator.id, region_id=region)
    unit = indicator.unit
    title = chart_title(indicator, regions.get(region), lang)
    chart = indicator_block(title, (indicator.id, region), points, unit, lang, progress,
                            chosen_target(statements, progress), view) if drawable(points, progress) else None
    conflicts = [c for c in reads.conflicts(indicator_id=indicator.id) if c.region_id == region]
    return html.Div([
        *bad_params(problems, lang),
        dcc.Store(id="ind-rendered", data={"region": region, "view": url_view(view)}),
        html.H1(name(indicator, lang), id="indicator-title", className="h3"),
        html.P([html.Span(f"{t(lang, 'indicator.unit')}: {unit_label(unit, lang) or unit}"), " · ",
                html.Span(t(lang, f"direction.{indicator.direction}"))], className="text-muted"),
        html.P([html.Strong(t(lang, "indicator.definition") + ": "),
                html.Span(definition(indicator, lang), lang=definition_lang(indicator, lang))],
               className="definition"),
        dbc.Row([
            dbc.Col([dbc.Label(t(lang, "indicator.region"), html_for="ind-region"),
                     dcc.Dropdown(id="ind-region", value=region, clearable=False, labels=dropdown_labels(lang),
                                  options=[{"label": name(regions[r], lang), "value": r} for r in region_ids])],
                    xs=12, md=6),
            dbc.Col([html.A(t(lang, "indicator.download"), href=download_href(indicator.id, region),
                            id="download-indicator", className="btn btn-outline-primary", download=""),
                     html.A(t(lang, "cite.link"), href="#ind-cite", id="ind-cite-jump", className="btn btn-link")
                     if region else None],
                    xs=12, md=6, className="d-flex align-items-end justify-content-md-end gap-2 mt-2 mt-md-0"),
        ], className="g-2 mb-2"),
        html.P(t(lang, "chart.no_levels"), id="ind-no-levels", className="alert alert-secondary")
        if not points else None,
        chart,
        dbc.Row([
            dbc.Col([html.H2(t(lang, "indicator.verdict"), className="h4"), verdict_view(progress, unit, lang)],
                    xs=12, lg=5),
            dbc.Col([html.H2(t(lang, "indicator.evidence"), className="h4"),
                     html.P(t(lang, "indicator.evidence_help"), className="text-muted"),
                     evidence_list(here, lang)], xs=12, lg=7),
        ], className="mt-3"),
        html.H2(t(lang, "indicator.conflicts"), className="h4 mt-3"),
        conflicts_view(conflicts, statements, lang),
        cite_section(indicator_citation(indicator.id, region, lang), indicator.id, region, lang)
        if region else None,
    ], className="page-indicator")
