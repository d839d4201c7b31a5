"""Every rule of the progress method, and where it differs from the published method, for the method
page. The numbers come from etl.progress.method_summary(), so the text cannot drift from the code."""
from __future__ import annotations

from dash import html

from etl.progress import method_summary

from ..formatting import format_share
from ..i18n import t
from .tables import scrollable

RULES = ("baseline", "observed", "with_target", "without_target", "achieved", "rate_now", "change", "zero",
         "negative", "guards", "rests_on")
DEVIATION_COLUMNS = ("case", "published", "ours", "why")


def rule_values(m: dict) -> dict:
    """The placeholders the rules use, formatted: thresholds with a target as ratios, without as percents."""
    return {"base_year": m["base_year"], "zero": m["zero_replacement"],
            "with_target": {k: f"{v:.2f}" for k, v in m["target_thresholds"].items()},
            "without_target": {k: format_share(v) for k, v in m["no_target_thresholds"].items()}}


def method_rules(lang: str) -> html.Div:
    m = method_summary()
    values = rule_values(m)
    common = {"base_year": values["base_year"], "zero": values["zero"]}
    items = []
    for rule in RULES:
        params = values.get(rule) if rule in ("with_target", "without_target") else common
        items.append(html.Li([html.Strong(t(lang, f"method.rule.{rule}.title") + ": "),
                              t(lang, f"method.rule.{rule}", **params)], id=f"method-rule-{rule.replace('_', '-')}"))
    head = html.Thead(html.Tr([html.Th(t(lang, f"method.dev.col.{c}"), scope="col") for c in DEVIATION_COLUMNS]))
    body = html.Tbody([html.Tr([html.Td(t(lang, f"method.dev.{d}.{c}")) for c in DEVIATION_COLUMNS])
                       for d in m["deviations"]])
    return html.Div([
        html.H3(t(lang, "method.rules"), className="h5 mt-3"),
        html.Ol(items, className="method-rules", id="method-rules"),
        html.H3(t(lang, "method.deviations"), className="h5 mt-3"),
        scrollable(html.Table([head, body], className="table table-sm", id="method-deviations"),
                   t(lang, "method.deviations")),
    ], id="method-progress-rules")
