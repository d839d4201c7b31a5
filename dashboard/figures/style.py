"""Colours, markers and fonts shared by every figure. Colours are Okabe–Ito (safe for colour-blind
readers); status is always given as an icon and text as well, never by colour alone."""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from vocab import Status

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#999999",
}
SERIES_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black",
                                         "yellow")]

# status → (colour, icon); the icon carries the meaning for readers who do not see the colour
STATUS_STYLE = {
    Status.ACHIEVED: (OKABE_ITO["green"], "✔"),
    Status.SUBSTANTIAL: (OKABE_ITO["blue"], "▲"),
    Status.MODERATE: (OKABE_ITO["orange"], "◆"),
    Status.LIMITED: (OKABE_ITO["purple"], "●"),
    Status.DETERIORATION: (OKABE_ITO["vermillion"], "▼"),
    Status.NOT_ASSESSED: (OKABE_ITO["grey"], "○"),
}

FONT_FAMILY = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
               '"Microsoft YaHei", "Helvetica Neue", Arial, sans-serif')


# The few things of plotly_white we use. plotly_white itself is a large template that plotly validates
# and deep-copies into every figure: 27 ms each, most of the overview's render time.
_GRID = "#EBF0F8"
_AXIS = dict(gridcolor=_GRID, linecolor=_GRID, zerolinecolor=_GRID, zerolinewidth=2, ticks="", automargin=True)
pio.templates["jjj"] = go.layout.Template(layout=dict(
    paper_bgcolor="white", plot_bgcolor="white", font=dict(color="#2a3f5f"), xaxis=_AXIS, yaxis=_AXIS))
TEMPLATE = "jjj"


def base_layout(**extra) -> dict:
    layout = dict(template=TEMPLATE, font=dict(family=FONT_FAMILY, size=13),
                  margin=dict(l=50, r=20, t=30, b=40),
                  legend=dict(orientation="h", yanchor="top", y=-0.15, xanchor="left", x=0),
                  hoverlabel=dict(font=dict(family=FONT_FAMILY), align="left"))
    layout.update(extra)
    return layout
