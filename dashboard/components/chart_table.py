"""A chart's data as a table (the chart/table switch's table view): the rows of figures/chart_data.py.
Text from documents goes in as text (Dash escapes it), never as HTML."""
from __future__ import annotations

from dash import html

from ..i18n import t
from .tables import scrollable

_COLUMNS = ("series", "period", "text", "qualifier", "source")


def _source(row: dict, lang: str) -> str:
    if not row.get("source_date"):
        return row.get("source") or ""
    return t(lang, "table.source_dated", title=row["source"], date=row["source_date"])


def chart_table(rows: list[dict], lang: str, id_: str, caption: str, with_index: bool = False) -> html.Div:
    """A plain HTML table with a caption and column headers (what a screen reader announces)."""
    columns = ("series", "period", "index", "text", "qualifier", "source") if with_index else _COLUMNS
    head = html.Tr([html.Th(t(lang, f"table.col.{c}"), scope="col") for c in columns])
    body = [html.Tr([html.Td(_source(r, lang) if c == "source" else str(r.get(c) or ""), className=f"col-{c}")
                     for c in columns], className=f"row-{r['meta']}")
            for r in rows]
    return scrollable(html.Table([html.Caption(caption), html.Thead(head), html.Tbody(body)],
                                 className="table table-sm table-striped chart-table", id=id_), caption)
