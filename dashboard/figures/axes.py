"""Value-axis ticks labelled the way the cards read: 2,000万 in Chinese, 20 M in English, instead of
plotly's SI suffixes (20M, 1.4T), which Chinese readers do not use. Pure functions."""
from __future__ import annotations

import math

from ..formatting import scaled_number

_NICE_STEPS = (1, 2, 2.5, 5, 10)


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) that cuts `span` into about `ticks` parts."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in _NICE_STEPS if m * power >= raw)


def value_ticks(values: list[float | None], unit: str, lang: str, from_zero: bool = True) -> dict:
    """tickvals and ticktext for a value axis holding `values`, or {} when plotly's own labels do
    (small numbers, negative or no values)."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite or min(finite) < 0 or max(finite) < 1e4:
        return {}
    low = 0.0 if from_zero else min(finite)
    high = max(finite)
    if high == low:
        return {}
    step = nice_step(high - low)
    first = math.floor(low / step) * step
    count = math.ceil((high - first) / step) + 1
    tickvals = [first + i * step for i in range(count)]
    # the unit stays in the axis title; a tick carries the number and its magnitude word only
    return {"tickvals": tickvals, "ticktext": [scaled_number(v, unit, lang) for v in tickvals]}
