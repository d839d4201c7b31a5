"""Method: what the numbers are, how units are normalized, and how progress is judged (the constants
come from etl.progress, so the page cannot drift from the code that computes the verdicts)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from db.records import Indicator, Theme
from etl.progress import method_summary

from .. import reads
from ..components.method_rules import method_rules
from ..components.status import status_badge
from ..components.tables import scrollable
from ..formatting import unit_label
from ..i18n import definition, definition_lang, name, normalize_lang, t
from .api_guide import api_section


def units_in_use(indicators: list[Indicator]) -> list[str]:
    return sorted({i.unit for i in indicators})


def _definitions(indicators: list[Indicator], themes: dict[str, Theme], lang: str) -> html.Div:
    head = html.Thead(html.Tr([html.Th(t(lang, "col.indicator")), html.Th(t(lang, "filter.theme")),
                               html.Th(t(lang, "col.unit")), html.Th(t(lang, "method.direction")),
                               html.Th(t(lang, "indicator.definition"))]))
    body = html.Tbody([html.Tr([
        html.Td(name(i, lang)), html.Td(name(themes[i.theme], lang)), html.Td(unit_label(i.unit, lang) or i.unit),
        html.Td(t(lang, f"direction.{i.direction}")), html.Td(definition(i, lang), lang=definition_lang(i, lang)),
    ]) for i in indicators])
    return scrollable(html.Table([head, body], className="table table-sm table-striped", id="definitions"),
                      t(lang, "method.definitions"))


def method_layout(lang=None, **_ignored):
    lang = normalize_lang(lang)
    m = method_summary()
    indicators = reads.indicators()
    themes = {th.id: th for th in reads.themes()}
    units = html.Table([html.Thead(html.Tr([html.Th(t(lang, "col.unit")), html.Th("中文"), html.Th("English")])),
                        html.Tbody([html.Tr([html.Td(u), html.Td(unit_label(u, "zh")),
                                             html.Td(unit_label(u, "en") or t("en", "method.no_unit_word"))])
                                    for u in units_in_use(indicators)])],
                       className="table table-sm w-auto", id="units")
    return html.Div([
        html.H1(t(lang, "method.heading"), className="h3"),
        html.P(t(lang, "method.intro")),
        html.H2(t(lang, "method.units"), className="h4 mt-3"),
        html.P(t(lang, "method.units_text")), html.P(t(lang, "method.qualifiers_text")),
        units,
        html.H2(t(lang, "method.progress"), className="h4 mt-3"),
        html.P(t(lang, "method.progress_text", base_year=m["base_year"])),
        method_rules(lang),
        html.H2(t(lang, "method.statuses"), className="h4 mt-3"),
        dbc.Stack([status_badge(s, lang) for s in m["statuses"]], gap=2, className="mb-3"),
        html.H2(t(lang, "method.definitions"), className="h4 mt-3"),
        _definitions(indicators, themes, lang),
        api_section(lang),
    ], className="page-method")
