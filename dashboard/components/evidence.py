"""The evidence under an indicator chart: statements with their quotes, conflicts, and the verdict.

Quotes are document text: they are split around the number and the number wrapped in html.Mark,
so everything stays text (no HTML is parsed).
"""
from __future__ import annotations

import json
from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import html

from db.records import Conflict, ProgressRow, Statement
from etl.progress import NO_TARGET_THRESHOLDS, TARGET_THRESHOLDS

from ..formatting import (
    baseline_text,
    digits_for,
    format_point,
    format_rate,
    format_ratio,
    format_share,
    format_trend,
    format_value,
    number,
)
from ..i18n import HTML_LANG, reason_text, t
from .fast import make
from .status import rests_on_note, status_badge


def quote_parts(quote: str, value_as_written: str | None, unit_as_written: str | None = None) -> list:
    """[before, Mark(number), after]: the number as written, preferably where its unit follows it."""
    quote = quote or ""
    value = value_as_written or ""
    if not value:
        return [quote]
    at = quote.find(value + (unit_as_written or "")) if unit_as_written else -1
    if at < 0:
        at = quote.find(value)
    if at < 0:
        return [quote]
    return [quote[:at], make(html.Mark, value), quote[at + len(value):]]


def _title(row: Statement, lang: str) -> html.Span:
    """The document's title in the reader's language where it has one, else the Chinese title marked as such."""
    english = row.document_title_en if lang == "en" else None
    return make(html.Span, english, lang=HTML_LANG["en"]) if english else \
        make(html.Span, row.document_title or "", lang=HTML_LANG["zh"])


def as_written(row: Statement) -> str:
    return "".join(getattr(row, f) or "" for f in ("qualifier_as_written", "value_as_written", "unit_as_written"))


def normalized(row: Statement) -> str:
    """The value in the canonical unit as the database stores it; decimals only where they carry
    information (a derived 924,155,513,065.646973 yuan reads as 924,155,513,066)."""
    decimals = 0 if abs(row.value) >= 1e6 else 6
    return f"{number(row.value, decimals)} {row.unit}"


def readable_and_stored(row: Statement, lang: str) -> str:
    """"2,329万标准箱 (23,290,000 TEU)": the stored number is added only where the readable one
    rounds or scales it ("410公里 (410 km)" would say the same thing twice)."""
    readable = format_value(row.value, row.unit, lang, row.qualifier, digits_for(row.kind))
    stored = normalized(row)
    if stored.split(" ")[0] in readable and row.kind != "derived":
        return readable
    return f"{readable}  ({stored})"


def statement_item(row: Statement, lang: str) -> html.Li:
    kind = row.kind
    period = row.period or ""
    if row.base_period:
        period = f"{row.base_period} → {period}"
    facts = [(t(lang, "evidence.as_written"), as_written(row)),
             (t(lang, "evidence.normalized"), readable_and_stored(row, lang))]
    if row.formula:
        facts.append((t(lang, "evidence.formula"), row.formula))
    if row.note:  # the catalog's curator notes are written in English
        facts.append((t(lang, "evidence.note"), make(html.Span, row.note, lang=HTML_LANG["en"])))
    # up to 30 of these a page: make() skips Dash's per-component checks (components/fast.py)
    return make(html.Li, [
        make(html.Div, [
            make(html.Span, t(lang, f"evidence.kind.{kind}"), className=f"kind-badge kind-{kind}"),
            make(html.Span, period, className="evidence-period"),
            make(html.Span, [_title(row, lang), f" ({row.document_date or ''})"], className="evidence-doc"),
        ], className="evidence-head"),
        make(html.Blockquote, quote_parts(row.quote, row.value_as_written, row.unit_as_written),
             className="evidence-quote", lang=HTML_LANG["zh"]),
        make(html.Dl, [part for label, value in facts for part in (make(html.Dt, label), make(html.Dd, value))],
             className="evidence-facts"),
    ], className="evidence-item", **{"data-key": row.key})


def evidence_list(rows: list[Statement], lang: str) -> html.Div:
    if not rows:
        return html.P(t(lang, "evidence.none"))
    return html.Ol([statement_item(r, lang) for r in rows], className="evidence-list", id="evidence-list")


def conflicts_view(conflicts: list[Conflict], by_key: Mapping[str, Statement], lang: str) -> html.Div:
    """Each conflict as its statements side by side (`by_key`: the statements they name), with the build's note."""
    if not conflicts:
        return html.P(t(lang, "indicator.no_conflicts"), className="no-conflicts")
    blocks = []
    for c in conflicts:
        members = [by_key[k] for k in json.loads(c.statement_keys) if k in by_key]
        blocks.append(html.Div([
            # the build writes these notes in English
            html.P([html.Strong(f"{c.period} · {c.status}"), " — ", html.Span(c.note, lang=HTML_LANG["en"])],
                   className="conflict-note"),
            dbc.Row([dbc.Col(html.Ul(statement_item(m, lang), className="evidence-list"), xs=12, md=True)
                     for m in members], className="conflict-row"),
        ], className="conflict"))
    return html.Div(blocks, id="conflicts")


def verdict_view(progress: ProgressRow | None, unit: str, lang: str) -> html.Div:
    """The status and every number it was computed from, with the thresholds and the reason."""
    if not progress:
        return html.P(t(lang, "status.not_assessed"))
    def point(end: str) -> str:
        return format_point(getattr(progress, f"{end}_value"), getattr(progress, f"{end}_year"), unit, lang,
                            getattr(progress, f"{end}_qualifier"),
                            getattr(progress, f"{end}_kind", None)) or "—"  # a target has no kind
    rows = [
        ("verdict.baseline", baseline_text(progress, unit, lang)),
        ("verdict.current", point("current")),
        ("verdict.target",
         point("target") if progress.target_value is not None else t(lang, "verdict.no_target")),
        ("verdict.observed_rate", format_trend(progress, lang) or "—"),
        ("verdict.required_rate", format_rate(progress.required_rate, lang) or "—"),
        ("verdict.rate_now_required", format_rate(progress.rate_now_required, lang) or "—"),
        ("verdict.ratio", format_ratio(progress.ratio) or "—"),
        ("verdict.projected", format_value(progress.projected_value, unit, lang) or "—"),
    ]
    thresholds = (t(lang, "verdict.thresholds_target", **{k: f"{v:.2f}" for k, v in TARGET_THRESHOLDS.items()})
                  if progress.target_value is not None else
                  t(lang, "verdict.thresholds_no_target",
                    **{k: format_share(v) for k, v in NO_TARGET_THRESHOLDS.items()}))
    # the rests-on sentence says it all for an assessed status; these notes remain for the numbers otherwise
    notes = [] if progress.rests_on else (
        [t(lang, "verdict.bound")] * bool(progress.rests_on_bound) +
        [t(lang, "verdict.change_statement")] * bool(progress.from_change_statement))
    return html.Div([
        status_badge(progress.status, lang),
        html.P(rests_on_note(progress, lang), className="verdict-rests-on") if progress.rests_on else None,
        html.H3(t(lang, "indicator.how"), className="h6 mt-3"),
        html.Dl([part for key, value in rows for part in (html.Dt(t(lang, key)), html.Dd(value))],
                className="verdict-facts"),
        html.P([html.Strong(t(lang, "verdict.thresholds") + ": "), thresholds]),
        html.P([html.Strong(t(lang, "verdict.reason") + ": "), reason_text(progress, lang) or "—"], className="reason"),
        *[html.P(n, className="verdict-note") for n in notes],
    ], id="verdict")
