"""The overview: 2030 headline strip, progress by theme, and one card per indicator and region."""
from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from db.records import Indicator, ProgressRow, Region
from vocab import GRAPH_CONFIG, STATUSES

from .. import reads
from ..components.cards import headline_strip, indicator_card
from ..components.messages import bad_params
from ..figures.overview import status_by_theme_figure
from ..i18n import dropdown_labels, name, normalize_lang, t
from ..urls import page
from ..urlstate import checked

HAS_TARGET = ("yes", "no")
CARDS_PER_THEME = 8  # unfiltered, each theme shows this many cards and links to the rest
MAX_CARDS_PER_THEME = 120  # filtered, at most this many (a page of thousands of cards helps no one)


def series_list(progress: list[ProgressRow], indicators: Mapping[str, Indicator], regions: Mapping[str, Region],
                years: dict[tuple[str, str], list[tuple[int, float]]]) -> list[dict]:
    """One entry per progress row: the indicator, the region, the verdict and its yearly values
    (`years` as db.queries.series_years gives them) for the sparkline."""
    return [{"indicator": indicators[r.indicator_id], "region": regions[r.region_id], "progress": r,
             "points": [{"year": y, "value": v} for y, v in years.get((r.indicator_id, r.region_id), ())]}
            for r in progress if r.indicator_id in indicators and r.region_id in regions]


def filter_series(series: list[dict], theme=None, region=None, status=None, has_target=None) -> list[dict]:
    def keep(s):
        has = s["progress"].target_value is not None
        return ((not theme or s["indicator"].theme == theme)
                and (not region or s["region"].id == region)
                and (not status or s["progress"].status == status)
                and (not has_target or has == (has_target == "yes")))
    return [s for s in series if keep(s)]


def card_order(s: dict) -> tuple:
    """Series with a target first, then those with a verdict, then the longest; stable by id."""
    p = s["progress"]
    return (p.target_value is None, p.status == "not_assessed", -len(s["points"]),
            s["indicator"].id, s["region"].id)


def preview(series: list[dict], filtered: bool) -> tuple[list[dict], int]:
    """The cards a theme shows and how many it leaves out: the first few, or once the reader has
    filtered, all of them up to MAX_CARDS_PER_THEME."""
    ordered = sorted(series, key=card_order)
    limit = MAX_CARDS_PER_THEME if filtered else CARDS_PER_THEME
    return ordered[:limit], max(0, len(ordered) - limit)


def by_theme(series: list[dict]) -> dict[str, list[dict]]:
    """The series of each theme, in their order: one pass over the page's series, not one per theme."""
    groups: dict[str, list[dict]] = {}
    for s in series:
        groups.setdefault(s["indicator"].theme, []).append(s)
    return groups


def headline_items(series: list[dict], year: int = 2030) -> list[dict]:
    """Series whose progress row targets `year` (the strategy's 2030 milestone)."""
    return [s for s in series if s["progress"].target_year == year]


def _controls(lang, themes, region_rows, values) -> dbc.Row:
    def dropdown(id_, label, options, value):
        return dbc.Col([dbc.Label(label, html_for=id_), dcc.Dropdown(
            id=id_, options=options, value=value, placeholder=t(lang, "filter.all"), clearable=True,
            labels=dropdown_labels(lang))], xs=12, sm=6, lg=3)
    return dbc.Row([
        dropdown("ov-theme", t(lang, "filter.theme"), [{"label": name(th, lang), "value": th.id} for th in themes],
                 values["theme"]),
        dropdown("ov-region", t(lang, "filter.region"),
                 [{"label": name(r, lang), "value": r.id} for r in region_rows], values["region"]),
        dropdown("ov-status", t(lang, "filter.status"),
                 [{"label": t(lang, f"status.{s}"), "value": s} for s in STATUSES], values["status"]),
        dbc.Col([dbc.Label(t(lang, "filter.has_target"), html_for="ov-target"), dcc.RadioItems(
            id="ov-target", value=values["has_target"] or "", inline=True, className="radio-inline",
            options=[{"label": t(lang, "filter.all"), "value": ""},
                     {"label": t(lang, "filter.with_target"), "value": "yes"},
                     {"label": t(lang, "filter.without_target"), "value": "no"}])], xs=12, sm=6, lg=3),
    ], className="filters g-2")


def overview_layout(lang=None, theme=None, region=None, status=None, has_target=None, **_ignored):
    lang = normalize_lang(lang)
    themes = reads.themes()
    indicators, regions = reads.indicators_by_id(), reads.regions_by_id()
    series = series_list(reads.progress(), indicators, regions, reads.series_years())
    used_regions = sorted({s["region"].id for s in series})
    problems: list[tuple[str, str]] = []
    values = {"theme": checked("theme", theme, [th.id for th in themes], problems),
              "region": checked("region", region, used_regions, problems),
              "status": checked("status", status, STATUSES, problems),
              "has_target": checked("has_target", has_target, HAS_TARGET, problems)}
    shown = filter_series(series, **values)
    indicator_theme = {i: row.theme for i, row in indicators.items()}
    groups = []
    filtered = any(values.values())
    shown_by_theme = by_theme(shown)
    for th in themes:
        first, hidden = preview(shown_by_theme.get(th.id, []), filtered)
        if not first:
            continue
        if not hidden:
            more = []
        elif filtered:  # already narrowed: say what is left out and how to narrow further
            more = [html.P(t(lang, "overview.capped", shown=len(first), n=hidden + len(first)),
                           id=f"ov-more-{th.id}", className="show-all text-muted")]
        else:
            more = [dcc.Link(t(lang, "overview.show_all", n=hidden + len(first), theme=name(th, lang)),
                             href=page("overview", lang, theme=th.id), id=f"ov-more-{th.id}",
                             className="show-all")]
        groups.append(html.Section([html.H2(name(th, lang), className="theme-heading"),
                                    html.Div([indicator_card(s, lang) for s in first], className="card-grid"),
                                    *more],
                                   className="theme-group", id=f"theme-{th.id}"))
    status_chart = status_by_theme_figure([s["progress"] for s in shown], themes, indicator_theme, lang)
    return html.Div([
        *bad_params(problems, lang),
        dcc.Store(id="ov-rendered", data=values),
        html.H1(t(lang, "overview.heading"), className="visually-hidden"),
        headline_strip(headline_items(series), lang),
        _controls(lang, themes, [regions[r] for r in used_regions], values),
        dbc.Row([
            dbc.Col([html.H2(t(lang, "overview.status_chart"), className="h5"),
                     # a responsive graph takes its container's height, which is none here: give it the figure's
                     dcc.Graph(id="ov-status-chart", config=GRAPH_CONFIG, figure=status_chart,
                               style={"height": f"{status_chart.layout.height}px"})], xs=12),
        ]),
        html.P(t(lang, "overview.count", n=len(shown)), id="ov-count", className="text-muted"),
        *(groups or [html.P(t(lang, "overview.empty"), className="empty")]),
    ], className="page-overview")
