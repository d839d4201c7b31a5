"""The header: a skip link, title, navigation, language toggle, and when the data was built and what it holds."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from db.records import HeaderFacts

from ..formatting import format_built_at, format_count
from ..i18n import LANGS, t
from ..page_scripts import link_for
from ..urls import mount, nav_pages, page, page_at, unmounted
from ..urlstate import with_lang

MAIN_ID = "main-content"  # the <main> landmark app.py wraps every page in; the skip link's target


def _active(here: dict | None, nav_page: dict) -> bool:
    """Whether the page shown (`here`, from the registry) is `nav_page` or is listed under it (nav_parent=)."""
    return here is not None and nav_page["name"] in (here["name"], here.get("nav_parent"))


def header(facts: HeaderFacts | None, pathname: str, search: str, lang: str) -> html.Header:
    found = page_at(unmounted(pathname or "/", mount()), dash.page_registry)
    here = found[0] if found else None
    nav = [link_for(p["name"])(t(lang, p["nav_label"]), href=page(p["name"], lang), id=f"nav-{p['name']}",
                    className="nav-link" + (" active" if _active(here, p) else ""))
           for p in nav_pages(dash.page_registry)]
    toggle = [dcc.Link(t(code, f"lang.{code}"), href=with_lang(pathname, search, code), id=f"lang-{code}",
                       className="lang-link" + (" active" if code == lang else ""), title=t(code, f"lang.{code}"))
              for code in LANGS]
    return html.Header([
        html.A(t(lang, "header.skip"), href=f"#{MAIN_ID}", className="skip-link", id="skip-link"),
        dbc.Container([
            html.Div([
                dcc.Link(t(lang, "app.title"), href=page("overview", lang), className="brand"),
                html.Div(t(lang, "app.subtitle"), className="subtitle"),
            ], className="brand-block"),
            html.Div([html.Span(t(lang, "header.lang_label") + ":", className="visually-hidden"), *toggle],
                     className="lang-toggle", role="group", **{"aria-label": t(lang, "header.lang_label")}),
        ], fluid=True, className="header-top"),
        dbc.Container([
            html.Nav(nav, className="main-nav", **{"aria-label": t(lang, "header.nav_label")}),
            html.Div([
                html.Span(t(lang, "header.built", built_at=format_built_at(facts.built_at)),
                          id="header-built"),
                html.Span(" · "),
                html.Span(t(lang, "header.counts", indicators=format_count(facts.indicators),
                            documents=format_count(facts.documents)), id="header-counts"),
            ] if facts is not None else [html.Span(t(lang, "error.db_title"), id="header-built")],
                className="data-facts"),
        ], fluid=True, className="header-bottom"),
    ], className="site-header")
