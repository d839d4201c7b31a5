"""Hover text built from document text. Plotly reads a few HTML-like tags in hover labels, so text
from documents is escaped (shown as typed, never interpreted) and wrapped to a readable width."""
from __future__ import annotations

import html


def wrap(text: str, width: int = 34) -> list[str]:
    """Lines of at most `width` characters (Chinese has no spaces to break at)."""
    text = " ".join((text or "").split())
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def safe_lines(text: str, width: int = 34) -> str:
    """Escaped text, wrapped with plotly's <br>."""
    return "<br>".join(html.escape(line, quote=False) for line in wrap(text, width))
