"""The progress status as icon + text (colour only reinforces it)."""
from __future__ import annotations

from dash import html

from ..figures.style import STATUS_STYLE
from ..i18n import t


def status_badge(status: str, lang: str) -> html.Span:
    status = status if status in STATUS_STYLE else "not_assessed"
    icon = STATUS_STYLE[status][1]
    return html.Span([html.Span(icon, className="status-icon", **{"aria-hidden": "true"}),
                      t(lang, f"status.{status}")], className=f"status status-{status}")
