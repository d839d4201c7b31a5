"""A sparkline as a tiny SVG data URI: 165 cards would be too heavy as 165 plotly graphs."""
from __future__ import annotations

from urllib.parse import quote

from .style import OKABE_ITO


def sparkline_points(values: list[float], width: int = 120, height: int = 32, pad: int = 4) -> list[tuple]:
    """The values scaled into the box, left to right; a flat series sits in the middle."""
    if not values:
        return []
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    return [(round(pad + i * step, 1),
             round(height / 2 if high == low else height - pad - (v - low) / span * (height - 2 * pad), 1))
            for i, v in enumerate(values)]


def sparkline_svg(values: list[float], width: int = 120, height: int = 32,
                  colour: str = OKABE_ITO["blue"]) -> str:
    """SVG text: a polyline through the values and a dot on the latest one. Only numbers go in."""
    pts = sparkline_points(values, width, height)
    body = ""
    if len(pts) > 1:
        path = " ".join(f"{x},{y}" for x, y in pts)
        body += f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>'
    if pts:
        x, y = pts[-1]
        body += f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{body}</svg>')


def sparkline_src(values: list[float], **kwargs) -> str:
    return "data:image/svg+xml;charset=utf-8," + quote(sparkline_svg(values, **kwargs))
