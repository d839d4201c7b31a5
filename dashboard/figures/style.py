"""Colours, markers and fonts shared by every figure. Colours are Okabe–Ito (safe for colour-blind
readers); status is always given as an icon and text as well, never by colour alone."""
from __future__ import annotations

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#999999",
}
SERIES_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black",
                                         "yellow")]

# status → (colour, icon); the icon carries the meaning for readers who do not see the colour
STATUS_STYLE = {
    "achieved": (OKABE_ITO["green"], "✔"),
    "substantial": (OKABE_ITO["blue"], "▲"),
    "moderate": (OKABE_ITO["orange"], "◆"),
    "limited": (OKABE_ITO["purple"], "●"),
    "deterioration": (OKABE_ITO["vermillion"], "▼"),
    "not_assessed": (OKABE_ITO["grey"], "○"),
}

FONT_FAMILY = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
               '"Microsoft YaHei", "Helvetica Neue", Arial, sans-serif')


def base_layout(**extra) -> dict:
    layout = dict(template="plotly_white", font=dict(family=FONT_FAMILY, size=13),
                  margin=dict(l=50, r=20, t=30, b=40),
                  legend=dict(orientation="h", yanchor="top", y=-0.15, xanchor="left", x=0),
                  hoverlabel=dict(font=dict(family=FONT_FAMILY), align="left"))
    layout.update(extra)
    return layout
