"""The indicator page: chart, verdict, evidence, conflicts and the download link, for one region.

It reads what it shows and no more: the regions and their statement counts from the build's summary
(`series_documents`), the newest statements of the chosen region, the chart's levels and the statements
named by a conflict, each through an index. A series of thousands of months lists its newest statements
and links to the rest (the download and the data table) instead of sending every one.
"""
from __future__ import annotations

import json
from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from db.records import ProgressRow, Statement
from vocab import Kind

from .. import reads
from ..components.chart_tools import url_view
from ..components.evidence import conflicts_view, evidence_list, verdict_view
from ..components.messages import bad_params, not_found
from ..figures.indicator import drawable
from ..formatting import format_count, unit_label
from ..i18n import definition, definition_lang, dropdown_labels, name, normalize_lang, t
from ..page_scripts import link_for  # the data page is a full page load: it has its own scripts
from ..urls import page, route
from ..urlstate import checked, single
from .chart_panel import chosen_view, indicator_block
from .cite import chart_title, cite_section, indicator_citation

# Past this many statements about one region the evidence lists the newest and links to the rest: the seed's
# busiest region has a handful, a monthly series over decades hundreds (each a quote and its facts).
EVIDENCE_SHOWN = 30


def default_region(counts: Mapping[str, int], progress: list[ProgressRow]) -> str | None:
    """The region with a target, else the one with most statements (ties: alphabetical); `counts`:
    {region: statements}, as reads.statement_counts gives them."""
    with_target = sorted(p.region_id for p in progress if p.target_value is not None)
    if with_target:
        return with_target[0]
    return min(counts, key=lambda r: (-counts[r], r)) if counts else None


def chosen_target(targets: list[Statement], progress: ProgressRow | None) -> Statement | None:
    """The target statement the progress row used (same region, year and value)."""
    if not progress or progress.target_value is None:
        return None
    return next((s for s in targets if s.kind == Kind.TARGET and s.region_id == progress.region_id
                 and s.target_year == progress.target_year and s.value == progress.target_value), None)


def download_href(indicator_id: str, region: str | None) -> str:
    return route("download.indicator", indicator_id=indicator_id, fmt="csv", region=region)


def more_statements(hidden: int, shown: int, indicator_id: str, region: str, lang: str) -> list[html.P]:
    """"N more statements: download CSV · see them in the data table", under a list cut at its newest
    (nothing under a whole list, so such a page is the same as before the cut existed)."""
    if hidden <= 0:
        return []
    return [html.P([t(lang, "indicator.more_statements", n=format_count(hidden), shown=format_count(shown)), " ",
                    html.A(t(lang, "indicator.more_download"), href=download_href(indicator_id, region),
                           id="ind-more-download", download=""), " · ",
                    link_for("data")(t(lang, "indicator.more_table"), href=page("data", lang, indicator=indicator_id,
                                                                        region=region), id="ind-more-table")],
                    id="ind-evidence-more", className="evidence-more text-muted")]


def indicator_layout(indicator_id=None, region=None, view=None, lang=None, **_ignored):
    lang, indicator_id = normalize_lang(lang), single(indicator_id)
    indicator = reads.indicators_by_id().get(indicator_id)
    if indicator is None:
        return not_found(t(lang, "error.indicator_not_found", id=indicator_id or ""), lang)
    regions = reads.regions_by_id()
    counts = reads.statement_counts(indicator_id=indicator.id)
    targets = reads.indicator_targets(indicator_id=indicator.id)
    progress_all = [p for p in reads.progress() if p.indicator_id == indicator.id]
    region_ids = sorted(set(counts) | {p.region_id for p in progress_all})
    problems: list[tuple[str, str]] = []
    region = checked("region", region, region_ids, problems) or default_region(counts, progress_all)
    # a real region this indicator has nothing about is not a bad link: say which it is
    problems = [(n, name(regions[v], lang), "error.region_no_data") if n == "region" and v in regions else (n, v)
                for n, v in problems]
    view = chosen_view(view, problems)
    progress = next((p for p in progress_all if p.region_id == region), None)
    here = reads.newest_statements(indicator_id=indicator.id, region_id=region, limit=EVIDENCE_SHOWN) if region else []
    points = reads.level_points(indicator_id=indicator.id, region_id=region)
    unit = indicator.unit
    title = chart_title(indicator, regions.get(region), lang)
    chart = indicator_block(title, (indicator.id, region), points, unit, lang, progress,
                            chosen_target(targets, progress), view) if drawable(points, progress) else None
    conflicts = [c for c in reads.conflicts(indicator_id=indicator.id) if c.region_id == region]
    members = reads.statements_by_key(keys=tuple(sorted({k for c in conflicts for k in json.loads(c.statement_keys)})))
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
                     evidence_list(here, lang),
                     *more_statements(counts.get(region, 0) - len(here), len(here), indicator.id, region, lang)],
                    xs=12, lg=7),
        ], className="mt-3"),
        html.H2(t(lang, "indicator.conflicts"), className="h4 mt-3"),
        conflicts_view(conflicts, members, lang),
        cite_section(indicator_citation(indicator.id, region, lang), indicator.id, region, lang)
        if region else None,
    ], className="page-indicator")
