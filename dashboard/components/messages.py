"""Notices a page shows instead of failing: unknown URL parameters, things not found."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from ..i18n import t
from ..urls import page


def bad_params(problems: list[tuple], lang: str) -> list:
    """One warning per parameter the page could not use (the rest of the view still shows).
    A problem is (name, value) or (name, value, message key) for a more precise reason."""
    return [dbc.Alert(t(lang, p[2] if len(p) > 2 else "error.bad_param", name=p[0], value=p[1]), color="warning",
                      className="bad-param", dismissable=True) for p in problems]


def notice(text: str, id_: str) -> dbc.Alert:
    """Something about the view the reader should know before reading the chart."""
    return dbc.Alert(text, color="info", className="view-notice", id=id_)


def not_found(message: str, lang: str) -> html.Div:
    return html.Div([
        html.H1(t(lang, "error.not_found_title")),
        html.P(message, className="not-found-message"),
        dcc.Link(t(lang, "error.back_overview"), href=page("overview", lang)),
    ], className="not-found")
