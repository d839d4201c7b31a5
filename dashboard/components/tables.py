"""A wide table in a box that scrolls sideways on a phone, reachable and named for keyboard users."""
from __future__ import annotations

from dash import html


def scrollable(table: html.Table, label: str) -> html.Div:
    """`table` in Bootstrap's .table-responsive box. A box that scrolls must take keyboard focus (so arrow
    keys scroll it) and, being focusable, needs a role and a name: a region named `label`."""
    return html.Div(table, className="table-responsive", tabIndex="0", role="region", **{"aria-label": label})
