"""Compare: several indicator · region series on one chart, absolute, indexed or as small multiples."""
from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from db.records import Indicator, Region

from .. import reads
from ..components.chart_tools import url_view
from ..components.messages import bad_params, notice
from ..figures.compare import MODES
from ..formatting import unit_label
from ..i18n import dropdown_labels, name, normalize_lang, t
from ..urlstate import checked, split_list
from .chart_panel import chosen_view, compare_block

DEFAULT_SERIES = 3
MAX_SERIES = 12  # more lines than this cannot be told apart (and a URL must not ask for thousands)


def series_key(indicator_id: str, region_id: str) -> str:
    return f"{indicator_id}:{region_id}"


def years_by_series(years: dict[tuple[str, str], list]) -> dict[str, int]:
    """Each series that has yearly levels, with how many years it covers."""
    return {series_key(ind, reg): len(values) for (ind, reg), values in years.items()}


def default_selection(year_counts: dict[str, int], n: int = DEFAULT_SERIES) -> list[str]:
    """With nothing chosen: the series with the most years (the data decides, not the code)."""
    return sorted(year_counts, key=lambda k: (-year_counts[k], k))[:n]


def series_label(key: str, indicators: Mapping[str, Indicator], regions: Mapping[str, Region], lang: str) -> str:
    ind, reg = key.split(":", 1)
    return f"{name(indicators[ind], lang)} · {name(regions[reg], lang)}"


def view_notices(asked: int, units: list[str], data: list[dict], mode: str, lang: str) -> list:
    """What the reader must know to read the chart right: series left out, mixed units, mixed base years."""
    out = []
    if asked > MAX_SERIES:
        out.append(notice(t(lang, "compare.too_many", max=MAX_SERIES, asked=asked), "cmp-too-many"))
    if mode == "absolute" and len(units) > 1:
        labels = dict.fromkeys(unit_label(u, lang) or u for u in units)  # 个 stands for several count units
        out.append(notice(t(lang, "compare.mixed_units", units=t(lang, "list.separator").join(labels)),
                          "cmp-mixed-units"))
    single = [s["label"] for s in data if len({p.year for p in s["points"]}) < 2]
    if mode == "indexed" and single:
        out.append(notice(t(lang, "compare.single_year", series=t(lang, "list.separator").join(single)),
                          "cmp-single-year"))
    base_years = sorted({s["points"][0].year for s in data if s["points"]})
    if mode == "indexed" and len(base_years) > 1:
        years = t(lang, "list.separator").join(map(str, base_years))
        out.append(notice(t(lang, "compare.mixed_base_years", years=years), "cmp-mixed-base"))
    return out


def compare_selection(series, mode, lang: str, problems: list) -> dict:
    """The series and mode a compare URL asks for (bad values noted in `problems`), with their data;
    shared by the compare page and its embed."""
    indicators, regions = reads.indicators_by_id(), reads.regions_by_id()
    by_series = years_by_series(reads.series_years())
    asked = list(dict.fromkeys(split_list(series)))  # a series named twice is drawn once
    chosen = [k for k in asked[:MAX_SERIES] if checked("series", k, by_series, problems)]
    chosen = chosen or ([] if series else default_selection(by_series))
    units = sorted({indicators[k.split(":")[0]].unit for k in chosen})
    # different units on one axis mislead: without a choice, index them to their baselines
    mode = checked("mode", mode, MODES, problems) or ("indexed" if len(units) > 1 else "absolute")
    # only the chosen series' rows (with their quotes, for the hover) are read
    data = [{"key": k, "label": series_label(k, indicators, regions, lang), "unit": indicators[k.split(":")[0]].unit,
             "points": reads.level_points(indicator_id=k.split(":", 1)[0], region_id=k.split(":", 1)[1])}
            for k in chosen]
    return {"asked": asked, "chosen": chosen, "units": units, "mode": mode, "data": data, "by_series": by_series}


def compare_layout(lang=None, series=None, mode=None, view=None, **_ignored):
    lang = normalize_lang(lang)
    indicators, regions = reads.indicators_by_id(), reads.regions_by_id()
    problems: list[tuple[str, str]] = []
    picked = compare_selection(series, mode, lang, problems)
    asked, chosen, units, mode, data = (picked[k] for k in ("asked", "chosen", "units", "mode", "data"))
    view = chosen_view(view, problems)
    notices = view_notices(len(asked), units, data, mode, lang)
    options = sorted(({"label": series_label(k, indicators, regions, lang), "value": k} for k in picked["by_series"]),
                     key=lambda o: o["label"])
    return html.Div([
        *bad_params(problems, lang),
        dcc.Store(id="cmp-rendered", data={"series": chosen, "mode": mode, "view": url_view(view)}),
        html.H1(t(lang, "compare.heading"), className="h3"),
        html.P(t(lang, "compare.help"), className="text-muted"),
        dbc.Row([
            dbc.Col([dbc.Label(t(lang, "compare.series"), html_for="cmp-series"),
                     dcc.Dropdown(id="cmp-series", options=options, value=chosen, multi=True,
                                  labels=dropdown_labels(lang))], xs=12, lg=8),
            dbc.Col([dbc.Label(t(lang, "compare.mode"), html_for="cmp-mode"),
                     dcc.RadioItems(id="cmp-mode", value=mode, className="radio-inline",
                                    options=[{"label": t(lang, f"compare.mode.{m}"), "value": m} for m in MODES])],
                    xs=12, lg=4),
        ], className="g-2 mb-2"),
        *notices,
        compare_block(data, mode, lang, view) if data else html.P(t(lang, "compare.empty"), className="empty"),
    ], className="page-compare")
