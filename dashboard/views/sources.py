"""Sources: each document with its metadata and how many figures and targets it gave; one selected
document lists its figures."""
from __future__ import annotations

from dash import dcc, html

from db.records import Document

from .. import reads
from ..components.messages import bad_params, notice
from ..components.tables import scrollable
from ..formatting import format_count, format_value
from ..i18n import HTML_LANG, normalize_lang, t
from ..urls import page
from ..urlstate import checked
from .pending_drafts import pending_section


def document_title(doc: Document, lang: str) -> str:
    return (doc.title_en if lang == "en" else None) or doc.title


SOURCE_ROW_LIMIT = 500  # a document's statements listed here; far above any real document's count


def _doc_card(doc: Document, lang: str, selected: bool) -> html.Article:
    facts = [("sources.author", (doc.author_en if lang == "en" else None) or doc.author),
             ("sources.date", doc.date), ("sources.kind", doc.kind), ("sources.file", doc.file),
             ("sources.figures", str(doc.n_figures)), ("sources.targets", str(doc.n_targets)),
             ("sources.date_evidence", doc.date_evidence)]
    return html.Article([
        html.H2(document_title(doc, lang), className="h5",
                lang=HTML_LANG["en" if lang == "en" and doc.title_en else "zh"]),
        html.Div(doc.title, className="text-muted", lang=HTML_LANG["zh"]) if lang == "en" else None,
        html.Dl([part for key, value in facts for part in (html.Dt(t(lang, key)), html.Dd(value))]),
        dcc.Link(t(lang, "sources.show"), href=page("sources", lang, doc=doc.id), id=f"doc-link-{doc.id}"),
    ], className="doc-card" + (" selected" if selected else ""), id=f"doc-{doc.id}")


def _statement_table(rows: list[dict], lang: str) -> html.Table:
    head = html.Thead(html.Tr([html.Th(t(lang, f"col.{c}")) for c in
                               ("indicator", "region", "period", "kind", "value", "quote")]))
    body = html.Tbody([html.Tr([
        html.Td(dcc.Link(r[f"indicator_{lang}"], href=page("indicator", lang, indicator_id=r["indicator_id"],
                                                           region=r["region_id"]))),
        html.Td(r[f"region_{lang}"]), html.Td(r["period"]), html.Td(t(lang, f"evidence.kind.{r['kind']}")),
        html.Td(format_value(r["value"], r["unit"], lang, r["qualifier"])), html.Td(r["quote"], lang=HTML_LANG["zh"]),
    ]) for r in rows])
    return html.Table([head, body], className="table table-sm table-striped", id="doc-statements")


def sources_layout(lang=None, doc=None, **_ignored):
    lang = normalize_lang(lang)
    docs = reads.documents()
    problems: list[tuple[str, str]] = []
    selected = checked("doc", doc, [d.id for d in docs], problems)
    listing = []
    if selected:
        chosen = next(d for d in docs if d.id == selected)
        rows, total = reads.tidy_page(limit=SOURCE_ROW_LIMIT, source=selected)
        listing = [html.H2(t(lang, "sources.statements", title=document_title(chosen, lang)), className="h4 mt-3"),
                   notice(t(lang, "sources.truncated", shown=format_count(len(rows)), total=format_count(total)),
                          "doc-truncated") if total > len(rows) else None,
                   scrollable(_statement_table(rows, lang),
                              t(lang, "sources.statements", title=document_title(chosen, lang)))]
    return html.Div([
        *bad_params(problems, lang),
        html.H1(t(lang, "sources.heading"), className="h3"),
        html.Div([_doc_card(d, lang, d.id == selected) for d in docs], className="doc-list"),
        pending_section(lang),
        *listing,
    ], className="page-sources")
