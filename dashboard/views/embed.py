"""Embeds, for an <iframe> on another site: the chart alone with its summary, a source line and a link
back to the full page; no header or navigation. These are the only pages other sites may frame.

    /embed/indicator/<id>?region=&lang=     /embed/compare?series=&mode=&lang=
"""
from __future__ import annotations

from dash import dcc, html

from .. import reads
from ..components.chart_tools import described_figure
from ..components.messages import bad_params, not_found
from ..figures.indicator import drawable
from ..i18n import normalize_lang, t
from ..urls import EMBED_AREA, mount, page, unmounted
from ..urlstate import checked, single
from .chart_panel import compare_chart, data_date, graph_config, indicator_chart, sources_of
from .cite import chart_title
from .compare import compare_selection
from .indicator import chosen_target, default_region


def is_embed(pathname: str | None) -> bool:
    """Whether the browser's `pathname` (mount prefix included) is an embed."""
    return unmounted(pathname or "", mount()).startswith(EMBED_AREA)


def _source_line(sources: list[tuple[str, str]], lang: str) -> str:
    listed = t(lang, "list.separator").join(t(lang, "table.source_dated", title=title, date=date) if date else title
                                            for title, date in sources) or "—"
    return t(lang, "embed.source", sources=listed, date=data_date())


def _frame(title: str, graph_id: str, chart: dict, sources: list, full_page: str, lang: str, problems: list):
    return html.Div([
        *bad_params(problems, lang),
        html.H1(title, className="h6 mb-1", id="emb-title"),
        described_figure(dcc.Graph(id=graph_id, figure=chart["figure"], config=graph_config(chart["spec"])),
                         chart["summary"], "emb"),
        html.P([html.Span(_source_line(sources, lang), id="emb-source"), " ",
                html.A(t(lang, "embed.full_page"), href=full_page, target="_blank", rel="noopener", id="emb-link")],
               className="embed-source small mb-0"),
    ], className="page-embed")


def embed_indicator_layout(indicator_id=None, region=None, lang=None, **_ignored):
    lang, indicator_id = normalize_lang(lang), single(indicator_id)
    indicator = reads.indicators_by_id().get(indicator_id)
    if indicator is None:
        return not_found(t(lang, "error.indicator_not_found", id=indicator_id or ""), lang)
    counts = reads.statement_counts(indicator_id=indicator.id)
    progress_all = [p for p in reads.progress() if p.indicator_id == indicator.id]
    region_ids = sorted(set(counts) | {p.region_id for p in progress_all})
    problems: list[tuple[str, str]] = []
    region = checked("region", region, region_ids, problems) or default_region(counts, progress_all)
    progress = next((p for p in progress_all if p.region_id == region), None)
    points = reads.level_points(indicator_id=indicator.id, region_id=region)
    title = chart_title(indicator, reads.regions_by_id().get(region), lang)
    full_page = page("indicator", lang, indicator_id=indicator.id, region=region)
    if not drawable(points, progress):
        return html.Div([html.H1(title, className="h6"), html.P(t(lang, "chart.no_levels")),
                          html.A(t(lang, "embed.full_page"), href=full_page, target="_blank", rel="noopener")],
                         className="page-embed")
    target = chosen_target(reads.indicator_targets(indicator_id=indicator.id), progress)
    chart = indicator_chart(title, (indicator.id, region), points, indicator.unit, lang, progress, target)
    return _frame(title, "emb-chart", chart, sources_of([*points, *([target] if target else [])], lang),
                  full_page, lang, problems)


def embed_compare_layout(series=None, mode=None, lang=None, **_ignored):
    lang = normalize_lang(lang)
    problems: list[tuple[str, str]] = []
    picked = compare_selection(series, mode, lang, problems)
    data, mode = picked["data"], picked["mode"]
    full_page = page("compare", lang, series=picked["chosen"], mode=mode)
    title = t(lang, "compare.heading") + " · " + t(lang, f"compare.mode.{mode}")
    if not data:
        return html.Div([html.H1(title, className="h6"), html.P(t(lang, "compare.empty"))], className="page-embed")
    chart = compare_chart(data, mode, lang)
    return _frame(title, "emb-chart", chart, sources_of([p for s in data for p in s["points"]], lang), full_page,
                  lang, problems)
