"""Overview cards (one per indicator and region) and the headline strip of 2030 targets."""
from __future__ import annotations

from dash import dcc, html

from db.records import ProgressRow

from ..figures.sparkline import sparkline_src
from ..formatting import baseline_text, format_point, format_rate, format_trend, format_value
from ..i18n import name, t
from ..urls import page
from .fast import make
from .status import rests_on_note, status_badge


def _fact(label: str, value, cls: str) -> html.Div:
    return make(html.Div, [make(html.Dt, label), make(html.Dd, value)], className=f"fact {cls}")


def target_text(progress: ProgressRow, unit: str, lang: str) -> str:
    """"510公里（2030年）" / "510 km by 2030" / "未提出目标" / "no target stated"."""
    if progress.target_value is None:
        return t(lang, "card.no_target")
    value = format_value(progress.target_value, unit, lang, progress.target_qualifier or "exact")
    if progress.target_year:
        return t(lang, "card.target_in", value=value, year=progress.target_year)
    return t(lang, "card.target_no_year", value=value)


def indicator_card(series: dict, lang: str) -> html.Article:
    """`series`: {"indicator", "region", "progress", "points"} as the overview view assembles it."""
    ind, reg, prog, points = series["indicator"], series["region"], series["progress"], series["points"]
    unit = ind.unit
    none = t(lang, "card.none")
    current_text = format_point(prog.current_value, None, unit, lang, prog.current_qualifier,
                                prog.current_kind) or none
    baseline = baseline_text(prog, unit, lang, none)
    trend = format_trend(prog, lang)
    link = page("indicator", lang, indicator_id=ind.id, region=reg.id)
    values = [p["value"] for p in points]
    # built by the hundred on the overview: make() skips Dash's per-component checks (components/fast.py)
    return make(html.Article, [
        make(html.Div, [
            make(dcc.Link, name(ind, lang), href=link, className="card-title-link"),
            make(html.Div, name(reg, lang), className="card-region"),
        ], className="card-head"),
        make(html.Div, [
            make(html.Div, [make(html.Div, current_text, className="card-current"),
                            make(html.Div, t(lang, "card.period", year=prog.current_year) if prog.current_year
                                 else "", className="card-period")]),
            make(html.Img, src=sparkline_src(values), alt=t(lang, "card.sparkline_alt"), className="sparkline",
                 width=120, height=32) if len(values) > 1 else None,
        ], className="card-main"),
        make(html.Dl, [
            _fact(t(lang, "card.baseline"), baseline, "baseline"),
            _fact(t(lang, "card.target"), target_text(prog, unit, lang), "target"),
            _fact(t(lang, "card.trend"), trend, "trend") if trend else None,
        ], className="card-facts"),
        status_badge(prog.status, lang),
        rests_on_note(prog, lang, "card.rests_on"),
    ], className="indicator-card", **{"data-indicator": ind.id, "data-region": reg.id})


def headline_strip(items: list[dict], lang: str) -> html.Section:
    """2030 targets: indicator, region, target, latest value and status. `items` like indicator_card's."""
    if not items:
        return html.Section(html.P(t(lang, "overview.no_headline")), className="headline-strip")
    tiles = []
    for s in items:
        ind, reg, prog = s["indicator"], s["region"], s["progress"]
        tiles.append(dcc.Link([
            html.Div(name(ind, lang), className="headline-name"),
            html.Div(name(reg, lang), className="headline-region"),
            html.Div(target_text(prog, ind.unit, lang), className="headline-target"),
            html.Div(t(lang, "headline.current", value=format_point(
                prog.current_value, prog.current_year, ind.unit, lang, prog.current_qualifier,
                prog.current_kind) or t(lang, "card.none")), className="headline-current"),
            html.Div(t(lang, "card.needs", rate=format_rate(prog.rate_now_required, lang),
                       year=prog.current_year), className="headline-required")
            if prog.rate_now_required is not None else None,
            status_badge(prog.status, lang),
            rests_on_note(prog, lang, "card.rests_on"),
        ], href=page("indicator", lang, indicator_id=ind.id, region=reg.id), className="headline-tile"))
    return html.Section([html.H2(t(lang, "overview.headline"), className="h4"),
                         html.Div(tiles, className="headline-tiles")], className="headline-strip", id="headline-2030")
