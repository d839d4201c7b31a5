"""The chart block of the indicator and compare pages: chart/table switch, the chart (with its
screen-reader summary) or its table, image downloads and the embed code. Also used by the embeds."""
from __future__ import annotations

from collections.abc import Iterable

from dash import dcc, html

from db.records import ProgressRow, SeriesPoint, Statement
from vocab import GRAPH_CONFIG

from .. import reads
from ..components.chart_table import chart_table
from ..components.chart_tools import (
    DEFAULT_VIEW,
    EMBED_HEIGHT,
    VIEWS,
    absolute_url,
    described_figure,
    embed_box,
    iframe_code,
    image_buttons,
    view_switch,
)
from ..figures.chart_data import compare_rows, document_title, indicator_rows
from ..figures.compare import compare_figure
from ..figures.image_export import image_filename, image_spec
from ..figures.indicator import indicator_figure
from ..figures.summary import compare_summary, indicator_summary
from ..formatting import unit_label
from ..i18n import t
from ..urls import page
from ..urlstate import checked


def graph_config(spec: dict) -> dict:
    """The modebar's own camera button saves under the same name as the image buttons."""
    return {**GRAPH_CONFIG, "toImageButtonOptions": {"filename": spec["options"]["filename"]}}


def chosen_view(view, problems: list) -> str:
    return checked("view", view, VIEWS, problems) or DEFAULT_VIEW


def sources_of(rows: Iterable[SeriesPoint | Statement], lang: str) -> list[tuple[str, str]]:
    """(title, date) of each document behind these rows, in the order first met."""
    return list(dict.fromkeys((document_title(r, lang), r.document_date or "") for r in rows if r.document_title))


def legend_names(figure) -> list[str]:
    if figure.layout.showlegend is False:
        return []
    return [trace.name for trace in figure.data if trace.name and trace.showlegend is not False]


def data_date() -> str:
    return reads.meta().get("built_at", "")[:10]


def indicator_chart(title: str, ids: tuple[str, str], points: list[SeriesPoint], unit: str, lang: str,
                    progress: ProgressRow | None, target: Statement | None) -> dict:
    """The pieces of one indicator · region chart: figure, summary, image spec (`ids`: indicator, region)."""
    figure = indicator_figure(points, unit, lang, progress, target)
    spec = image_spec(title, t(lang, "image.unit", unit=unit_label(unit, lang) or unit),
                      sources_of([*points, *([target] if target else [])], lang), data_date(), lang,
                      image_filename(*ids), int(figure.layout.height or 440), legend_names(figure))
    return {"figure": figure, "summary": indicator_summary(title, points, unit, lang, progress, target),
            "spec": spec}


def indicator_block(title: str, ids: tuple[str, str], points: list[SeriesPoint], unit: str, lang: str,
                    progress: ProgressRow | None, target: Statement | None, view: str) -> html.Div:
    """Switch, tools, then the chart or the table of the indicator page."""
    chart = indicator_chart(title, ids, points, unit, lang, progress, target)
    embed = iframe_code(absolute_url(page("embed-indicator", lang, indicator_id=ids[0], region=ids[1])), title,
                        EMBED_HEIGHT["indicator"])
    if view == "table":
        body = chart_table(indicator_rows(points, unit, lang, progress, target), lang, "ind-table",
                           t(lang, "table.caption", title=title))
    else:
        body = described_figure(dcc.Graph(id="indicator-chart", figure=chart["figure"],
                                          config=graph_config(chart["spec"])), chart["summary"], "ind")
    spec = {**chart["spec"], "graph": "indicator-chart"}
    return html.Div([_toolbar("ind", view, spec, embed, lang), body], className="chart-block")


def compare_chart(data: list[dict], mode: str, lang: str) -> dict:
    figure = compare_figure(data, mode, lang)
    subtitle = t(lang, "image.index_unit") if mode == "indexed" else t(lang, "image.unit", unit=t(
        lang, "list.separator").join(dict.fromkeys(unit_label(s["unit"], lang) or s["unit"] for s in data)))
    spec = image_spec(t(lang, "compare.heading") + " · " + t(lang, f"compare.mode.{mode}"), subtitle,
                      sources_of([p for s in data for p in s["points"]], lang), data_date(), lang,
                      image_filename("compare", mode, *(k.replace(":", "-") for k in (s["key"] for s in data))),
                      int(figure.layout.height or 460), legend_names(figure))
    return {"figure": figure, "summary": compare_summary(data, lang), "spec": spec}


def compare_block(data: list[dict], mode: str, lang: str, view: str) -> html.Div:
    chart = compare_chart(data, mode, lang)
    embed = iframe_code(absolute_url(page("embed-compare", lang, series=[s["key"] for s in data], mode=mode)),
                        t(lang, "compare.heading"), EMBED_HEIGHT["compare"])
    if view == "table":
        body = chart_table(compare_rows(data, mode, lang), lang, "cmp-table",
                           t(lang, "table.caption", title=t(lang, "compare.heading")), with_index=mode == "indexed")
    else:
        body = described_figure(dcc.Graph(id="compare-chart", figure=chart["figure"],
                                          config=graph_config(chart["spec"])), chart["summary"], "cmp")
    spec = {**chart["spec"], "graph": "compare-chart"}
    return html.Div([_toolbar("cmp", view, spec, embed, lang), body], className="chart-block")


def _toolbar(prefix: str, view: str, spec: dict, embed: str, lang: str) -> html.Div:
    tools = [image_buttons(prefix, spec, lang)] if view == "chart" else []
    return html.Div([view_switch(prefix, view, lang), *tools, embed_box(prefix, embed, lang)],
                     className="chart-toolbar d-flex flex-wrap align-items-start gap-3 mb-2")
