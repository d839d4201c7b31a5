"""The human page of the API: a section of /method listing every address the OpenAPI description
holds, with what it gives in the reader's language. Built from the description itself, so the page
names exactly the operations the server describes."""
from __future__ import annotations

from dash import html

from ..i18n import t
from ..openapi import description, operation_key
from ..urls import FEED_PATH, mounted, route


def address(path: str, lang: str):
    """A link for an address a reader can open as is; a template (/api/indicators/{indicator_id}) as code.
    `path` is the description's (below the mount); the page shows it as the reader reaches it."""
    shown = mounted(path)
    if "{" in path:
        return html.Code(shown)
    feed = path == FEED_PATH  # the feed speaks both languages
    return html.A(html.Code(shown), href=route("feed", lang=lang) if feed else shown)


def api_section(lang: str) -> html.Section:
    rows = [html.Tr([html.Td(address(path, lang)), html.Td(t(lang, f"api.op.{operation_key(item['get'])}"))])
            for path, item in description()["paths"].items()]
    head = html.Thead(html.Tr([html.Th(t(lang, "api.col.address")), html.Th(t(lang, "api.col.what"))]))
    return html.Section([
        html.H2(t(lang, "api.heading"), className="h4 mt-3"),
        html.P(t(lang, "api.intro")),
        html.P(html.A(t(lang, "api.description_link"), href=route("api.openapi"), id="method-openapi")),
        html.Div(html.Table([head, html.Tbody(rows)], className="table table-sm", id="method-api-table"),
                 className="table-responsive"),
    ], id="method-api")  # /method#method-api


__all__ = ["api_section"]
