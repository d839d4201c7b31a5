"""Data: every statement in a filterable, sortable grid, and a link to download it as filtered."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from vocab import KINDS

from .. import reads
from ..components.messages import bad_params, notice
from ..formatting import digits_for, format_count, significant, unit_label
from ..i18n import dropdown_labels, name, normalize_lang, t
from ..urls import route
from ..urlstate import checked
from .cite import cite_links

# The grid holds at most this many rows: the browser gets a page, not a million statements; the
# download (same filters, streamed) has them all.
GRID_ROW_LIMIT = 2000
# Numbers stay numbers (so they sort and filter as numbers); the grid only displays them grouped.
GROUPED_NUMBER = {"function": "params.value == null ? '' : params.value.toLocaleString('en-US', "
                              "{maximumFractionDigits: 6})"}


@cache
def grid_locale(lang: str) -> dict:
    """AG Grid's own words (paging, filters) in the reader's language; English is AG Grid's default."""
    if lang != "zh":
        return {}
    return json.loads((Path(__file__).resolve().parent.parent / "i18n" / "ag_grid_zh.json").read_text("utf-8"))
COLUMNS = ("indicator", "region", "period", "kind", "value", "unit", "as_written", "qualifier", "source", "date",
           "quote")


def grid_rows(rows: list[dict], lang: str) -> list[dict]:
    """Rows for the grid in the reader's language; values stay numbers so they sort as numbers."""
    return [{"indicator": r[f"indicator_{lang}"], "region": r[f"region_{lang}"], "period": r["period"],
             "kind": t(lang, f"evidence.kind.{r['kind']}"),
             "value": significant(r["value"], digits_for(r["kind"])),
             "unit": unit_label(r["unit"], lang) or r["unit"],
             "as_written": f"{r['value_as_written'] or ''}{r['unit_as_written'] or ''}",
             "qualifier": t(lang, f"qualifier.{r['qualifier']}") if r["qualifier"] != "exact" else "",
             "source": r["source_title"], "date": r["source_date"], "quote": r["quote"]}
            for r in rows]


def download_href(theme=None, region=None, kind=None, indicator=None) -> str:
    return route("download.table", table="observations", fmt="csv", indicator=indicator, region=region, theme=theme,
                 kind=kind)


def _column_defs(lang: str) -> list[dict]:
    defs = []
    for c in COLUMNS:
        col = {"field": c, "headerName": t(lang, f"col.{c}")}
        if c == "value":
            col.update(filter="agNumberColumnFilter", type="numericColumn", valueFormatter=GROUPED_NUMBER)
        if c in ("quote", "as_written"):  # the documents' own Chinese words: assets/a11y.js gives them lang
            col.update(cellClass="text-zh")
        if c == "quote":
            col.update(minWidth=320, flex=3, wrapText=True, autoHeight=True)
        if c in ("indicator", "source"):
            col.update(minWidth=200, flex=2, wrapText=True, autoHeight=True)
        defs.append(col)
    return defs


def data_layout(lang=None, theme=None, region=None, kind=None, indicator=None, **_ignored):
    lang = normalize_lang(lang)
    themes, indicators, regions = reads.themes(), reads.indicators_by_id(), reads.regions_by_id()
    problems: list[tuple[str, str]] = []
    f = {"theme": checked("theme", theme, [th.id for th in themes], problems),
         "region": checked("region", region, regions, problems),
         "kind": checked("kind", kind, KINDS, problems),
         "indicator": checked("indicator", indicator, indicators, problems)}
    # the same filters as /download/observations.csv, applied by the same query: grid and file agree
    shown, total = reads.tidy_page(limit=GRID_ROW_LIMIT, indicator=f["indicator"], region=f["region"],
                                   theme=f["theme"], kind=f["kind"])

    def dropdown(id_, label, options, value, lg=3):
        return dbc.Col([dbc.Label(label, html_for=id_),
                        dcc.Dropdown(id=id_, options=options, value=value, labels=dropdown_labels(lang),
                                     placeholder=t(lang, "filter.all"))],
                       xs=12, sm=6, lg=lg)
    return html.Div([
        *bad_params(problems, lang),
        dcc.Store(id="data-rendered", data={**f, "total": len(shown), "lang": lang}),
        notice(t(lang, "data.truncated", shown=format_count(len(shown)), total=format_count(total)),
               "data-truncated") if total > len(shown) else None,
        html.H1(t(lang, "data.heading"), className="h3"),
        html.P(t(lang, "data.help"), className="text-muted"),
        dbc.Row([
            dropdown("data-theme", t(lang, "filter.theme"),
                     [{"label": name(th, lang), "value": th.id} for th in themes], f["theme"], 2),
            dropdown("data-region", t(lang, "filter.region"),
                     [{"label": name(regions[r], lang), "value": r} for r in sorted(regions)], f["region"]),
            dropdown("data-kind", t(lang, "filter.kind"),
                     [{"label": t(lang, f"evidence.kind.{k}"), "value": k} for k in KINDS], f["kind"], 2),
            dropdown("data-indicator", t(lang, "filter.indicator"),
                     sorted(({"label": name(i, lang), "value": i.id} for i in indicators.values()),
                            key=lambda o: o["label"]), f["indicator"], 5),
        ], className="g-2 mb-2"),
        html.Div([
            html.Span(t(lang, "data.count", n=format_count(len(shown))), id="data-count", className="text-muted me-3"),
            html.A(t(lang, "data.download"), href=download_href(**f), id="data-download",
                   className="btn btn-outline-primary btn-sm", download=""),
            html.Span(t(lang, "cite.dataset_label"), className="text-muted ms-2"),
            cite_links("data", lang),
        ], className="mb-2 d-flex align-items-center flex-wrap gap-2"),
        dag.AgGrid(id="data-grid", rowData=grid_rows(shown, lang), columnDefs=_column_defs(lang),
                   defaultColDef={"filter": True, "sortable": True, "resizable": True, "minWidth": 110, "flex": 1},
                   dashGridOptions={"pagination": True, "paginationPageSize": 50, "enableCellTextSelection": True,
                                    "localeText": grid_locale(lang)},
                   className="data-grid", style={"height": "70vh", "minHeight": "420px"}),
        html.P(t(lang, "data.grid_filters_note"), className="text-muted small mt-2"),
    ], className="page-data")
