"""Around a chart: the chart/table switch, the PNG/SVG image buttons, the "Embed" code and the
screen-reader summary. `prefix` is the page's id prefix ("ind", "cmp")."""
from __future__ import annotations

import html as html_text

from dash import dcc, html

from ..i18n import t

VIEWS = ("chart", "table")
DEFAULT_VIEW = "chart"
EMBED_HEIGHT = {"indicator": 560, "compare": 600}


def url_view(view: str):
    """The view as the URL holds it: the default (the chart) is left out, so old links stay as they were."""
    return None if view == DEFAULT_VIEW else view


def view_switch(prefix: str, view: str, lang: str) -> html.Fieldset:
    """Two radio buttons, chart or table, grouped under their legend; the choice goes into the URL (?view=table)."""
    return html.Fieldset([
        html.Legend(t(lang, "view.label"), className="view-legend"),
        dcc.RadioItems(id=f"{prefix}-view", value=view, className="radio-inline", inline=True,
                       options=[{"label": t(lang, f"view.{v}"), "value": v} for v in VIEWS]),
    ], className="view-switch")


def image_buttons(prefix: str, spec: dict, lang: str) -> html.Div:
    """PNG and SVG download buttons; assets/chart_image.js draws the image in the browser from the
    chart on screen plus `spec` (figures/image_export.image_spec)."""
    return html.Div([
        dcc.Store(id=f"{prefix}-image-spec", data=spec),
        dcc.Store(id=f"{prefix}-image-done"),
        html.Button(t(lang, "image.png"), id=f"{prefix}-png", n_clicks=0, type="button",
                    className="btn btn-sm btn-outline-primary"),
        html.Button(t(lang, "image.svg"), id=f"{prefix}-svg", n_clicks=0, type="button",
                    className="btn btn-sm btn-outline-primary"),
    ], className="image-buttons d-inline-flex gap-2")


def iframe_code(url: str, title: str, height: int) -> str:
    """The <iframe> to paste into another page; every value escaped for an HTML attribute."""
    return (f'<iframe src="{html_text.escape(url, quote=True)}" title="{html_text.escape(title, quote=True)}" '
            f'width="100%" height="{int(height)}" style="border:0" loading="lazy"></iframe>')


def embed_box(prefix: str, code: str, lang: str) -> html.Details:
    """An "Embed" disclosure holding the iframe code, read-only, to copy (works without JavaScript)."""
    return html.Details([
        html.Summary(t(lang, "embed.button"), className="btn btn-sm btn-outline-primary", id=f"{prefix}-embed"),
        html.Div([
            html.Label(t(lang, "embed.help"), htmlFor=f"{prefix}-embed-code", className="form-label small"),
            dcc.Textarea(id=f"{prefix}-embed-code", value=code, readOnly=True, rows=4,
                         className="form-control font-monospace small embed-code"),
        ], className="embed-panel mt-2"),
    ], className="embed-box")


def described_figure(graph, summary: str, prefix: str) -> html.Figure:
    """The chart with its one-sentence summary as the figure's caption, read by screen readers only."""
    return html.Figure([graph, html.Figcaption(summary, id=f"{prefix}-chart-summary", className="visually-hidden")],
                       className="chart-figure mb-0")


def absolute_url(path: str) -> str:
    """`path` (as dashboard.urls writes it, mount included) on the host the reader used (embed code and
    citations are pasted elsewhere); the path alone outside a request."""
    from flask import has_request_context, request
    return request.host_url.rstrip("/") + path if has_request_context() else path
