"""What a downloaded chart image carries beyond the chart on screen: its title, unit, source documents
and data date, drawn into the figure, in the reader's language, and a file name after the indicator.

The browser makes the image (plotly.js's own toImage, assets/chart_image.js): it adds this layout to a
copy of the figure on screen, so the image is the chart the reader sees. Pure functions.
"""
from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable

from ..i18n import t

IMAGE_FORMATS = ("png", "svg")
IMAGE_WIDTH = 1000
_LINE_PX = 17  # one line of the 12 px source text
_TOP_PX = 100  # the title, the subtitle and the legend above the plot
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def image_filename(*parts: str | None) -> str:
    """"hsr-intercity-rail-km-tianjin" from the indicator id and region; no extension (plotly adds it)."""
    name = "-".join(_UNSAFE_NAME.sub("-", p).strip("-") for p in parts if p)
    return name[:120].rstrip("-") or "chart"


def source_lines(sources: Iterable[tuple[str, str]], data_date: str, lang: str) -> list[str]:
    """"Source: <title> (<date>)" for each document, then the data date; plain text."""
    lines = [t(lang, "image.source", title=title, date=date) if date else t(lang, "image.source_undated", title=title)
             for title, date in dict.fromkeys(sources)]
    return lines + [t(lang, "image.data_date", date=data_date)]


def _text_px(text: str, size: int) -> float:
    """About how wide `text` is drawn at font `size` px: a CJK character is a full em, others about half."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.55 for ch in text)


def legend_rows(names: Iterable[str], width: int = IMAGE_WIDTH - 100) -> int:
    """How many rows a horizontal legend of these entries takes (an entry: symbol, gap, 13 px text)."""
    rows, used = 0, width
    for entry in (_text_px(n, 13) + 50 for n in names):
        if used + entry > width:
            rows, used = rows + 1, 0
        used += entry
    return rows


def wrap_text(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, broken at spaces where there are any (Chinese has none)."""
    return textwrap.wrap(" ".join(text.split()), width) or [""]


def image_spec(title: str, subtitle: str, sources: Iterable[tuple[str, str]], data_date: str, lang: str,
               filename: str, height: int, legend: Iterable[str] = ()) -> dict:
    """The layout to add for the image (title and subtitle on top, the legend under them, the sources
    and data date below the plot) and the toImage options. `legend`: the names the legend lists.
    Text from the data is escaped: plotly reads a few HTML-like tags in labels."""
    width = 70 if lang == "zh" else 125  # characters of 12 px text in the image's width
    lines = [html.escape(part, quote=False) for line in source_lines(sources, data_date, lang)
             for part in wrap_text(line, width)]
    top = _TOP_PX + 22 * max(0, legend_rows(legend) - 1)
    bottom = 70 + len(lines) * _LINE_PX
    return {
        "layout": {
            "title": {"text": f"<b>{html.escape(title, quote=False)}</b>",
                      "subtitle": {"text": html.escape(subtitle, quote=False)},
                      "x": 0.01, "xanchor": "left", "y": 0.99, "yanchor": "top", "yref": "container",
                      "font": {"size": 18}},
            "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"},
            "margin": {"t": top, "b": bottom, "l": 70, "r": 30},
            "annotations": [{"text": "<br>".join(lines), "name": "image-source", "showarrow": False,
                             "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left",
                             "yanchor": "top", "yshift": -45, "align": "left",
                             "font": {"size": 12, "color": "#444444"}}],
        },
        "options": {"filename": filename, "width": IMAGE_WIDTH, "height": height + top + bottom},
    }
