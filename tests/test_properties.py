"""Property tests (Hypothesis) for the pure functions: normalization, periods and progress.

Derandomized: every run tries the same examples, so CI is deterministic; no deadlines (no timing).
"""
from __future__ import annotations

import calendar
import datetime
import math
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from etl.normalize import MAGNITUDES, NormalizationError, normalize, parse_chinese_integer
from etl.periods import last_day, parse_period
from etl.progress import STATUSES, Point, assess, cagr, status_with_target, status_without_target
from etl.schema import DocumentMeta

PROPERTY = settings(derandomize=True, deadline=None, max_examples=150,
                    suppress_health_check=[HealthCheck.too_slow])
UP, DOWN = "higher_is_better", "lower_is_better"
close = lambda x: pytest.approx(x, rel=1e-9, abs=1e-12)  # noqa: E731

decimals = st.decimals(min_value=0, max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False, places=3)
as_written = decimals.map(lambda d: format(d.normalize(), "f"))
levels = st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=1950, max_value=2100)


# --- normalization ---

@PROPERTY
@given(as_written, st.sampled_from(sorted(MAGNITUDES) + [""]))
def test_a_magnitude_multiplies_the_number_as_written(text, prefix):
    n = normalize(text, prefix + "标准箱", "TEU")
    expected = float(Decimal(text) * MAGNITUDES.get(prefix, Decimal(1)))
    assert (n.unit, n.value, n.low, n.high) == ("TEU", close(expected), close(expected), close(expected))


@PROPERTY
@given(as_written, as_written)
def test_a_range_is_its_bounds_and_their_mean(a, b):
    low, high = sorted((Decimal(a), Decimal(b)), key=float)
    n = normalize(f"{format(low, 'f')}-{format(high, 'f')}", "公里", "km")
    assert n.low == close(float(low)) and n.high == close(float(high))
    assert n.low <= n.value <= n.high and n.value == close((n.low + n.high) / 2)


@PROPERTY
@given(st.integers(min_value=0, max_value=10**12))
def test_layout_inside_a_number_is_ignored(k):
    plain = normalize(str(k), "元", "CNY")
    grouped = normalize(f"{k:,}", "元", "CNY")
    spaced = normalize(" ".join(str(k)), "元", "CNY")
    assert plain == grouped == spaced


def chinese(k: int) -> str:
    """An independent writer of Chinese numerals below 10,000 (一千零五, 二十, 一十二)."""
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = k // place % 10
        if d:
            out += ("零" if zero and out else "") + digits[d] + unit
            zero = False
        else:
            zero = True
    return out or "零"


@PROPERTY
@given(st.integers(min_value=0, max_value=9999))
def test_chinese_integers_read_back(k):
    assert parse_chinese_integer(chinese(k)) == k


@PROPERTY
@given(st.text(max_size=40), st.text(max_size=8),
       st.sampled_from(["TEU", "km", "percent", "CNY", "enterprises", "ug/m3"]), st.booleans())
def test_any_text_normalizes_or_fails_with_a_normalization_error(value, unit, indicator_unit, relative):
    try:
        n = normalize(value, unit, indicator_unit, relative)
    except NormalizationError:
        return
    assert all(math.isfinite(x) for x in (n.value, n.low, n.high)) and n.low <= n.value <= n.high


# --- periods ---

@PROPERTY
@given(years, st.integers(min_value=1, max_value=12))
def test_a_month_runs_from_its_first_to_its_last_day(year, month):
    p = parse_period(f"{year}-{month:02d}")
    assert (p.start, p.year, p.span) == (f"{year}-{month:02d}-01", year, "month")
    assert datetime.date.fromisoformat(p.end).day == calendar.monthrange(year, month)[1]


@PROPERTY
@given(years, years)
def test_a_span_of_years_must_run_forwards(a, b):
    text = f"{a}/{b}"
    if b <= a:
        with pytest.raises(ValueError, match="must run forwards"):
            parse_period(text)
    else:
        p = parse_period(text)
        assert (p.start, p.end, p.year) == (f"{a}-01-01", f"{b}-12-31", b)


@PROPERTY
@given(years, st.integers(min_value=0, max_value=15), st.integers(min_value=0, max_value=15))
def test_months_of_one_year_are_checked(year, a, b):
    text = f"{year}-{a:02d}/{year}-{b:02d}"
    if not (1 <= a <= 12 and 1 <= b <= 12) or b <= a:
        with pytest.raises(ValueError):
            parse_period(text)
    else:
        p = parse_period(text)
        assert p.start < p.end and p.year == year


@PROPERTY
@given(st.from_regex(r"\A\d{4}(-\d{2})?(/\d{4}(-\d{2})?)?\Z") | st.text(max_size=12))
def test_any_period_text_parses_to_an_ordered_span_or_a_value_error(text):
    try:
        p = parse_period(text, "2024-03")
    except ValueError:
        return
    assert p.start <= p.end and p.end[:4] == str(p.year).zfill(4)


@PROPERTY
@given(st.integers(min_value=1000, max_value=9999), st.integers(min_value=0, max_value=13),
       st.integers(min_value=0, max_value=32))
def test_a_document_date_is_accepted_exactly_when_it_is_a_real_day(year, month, day):
    text = f"{year}-{month:02d}-{day:02d}"
    try:
        datetime.date(year, month, day)
        real = True
    except ValueError:
        real = False
    fields = dict(id="doc", file="a.txt", title="t", title_en="t", author="a", author_en="a", kind="k",
                  date_precision="day", date_evidence="dated by hand, in a test", sha256="0" * 64)
    if real:
        assert DocumentMeta(date=text, **fields).date == text
        assert last_day(text) == text and last_day(text[:7]) >= text
    else:
        with pytest.raises(ValueError, match="is not a real date"):
            DocumentMeta(date=text, **fields)


# --- progress ---

@PROPERTY
@given(levels, levels, st.integers(min_value=1, max_value=40))
def test_the_growth_rate_carries_the_baseline_to_the_current_value(v0, v1, n):
    assume(1e-4 <= v1 / v0 <= 1e4)  # beyond, 1 + rate cancels to a few digits in floating point
    assert v0 * (1 + cagr(v0, v1, n)) ** n == pytest.approx(v1, rel=1e-6)


@PROPERTY
@given(st.floats(min_value=-5, max_value=5, allow_nan=False), st.floats(min_value=-5, max_value=5, allow_nan=False))
def test_a_better_ratio_never_gets_a_worse_status(r1, r2):
    rank = {s: i for i, s in enumerate(STATUSES)}
    lo, hi = sorted((r1, r2))
    assert rank[status_with_target(hi)] <= rank[status_with_target(lo)]
    assert rank[status_without_target(hi)] <= rank[status_without_target(lo)]


@PROPERTY
@given(levels, levels, levels, st.integers(min_value=2014, max_value=2023), st.integers(min_value=1, max_value=10),
       st.integers(min_value=1, max_value=10), st.floats(min_value=0.001, max_value=1000))
def test_progress_does_not_depend_on_the_unit(v0, v1, target, y0, dy, dt, k):
    """Measuring in 万 rather than units (every value times k) changes no rate, ratio or status."""
    y1, ty = y0 + dy, y0 + dy + dt
    a = assess([Point(y0, v0), Point(y1, v1)], UP, Point(ty, target))
    b = assess([Point(y0, v0 * k), Point(y1, v1 * k)], UP, Point(ty, target * k))
    assume(a.ratio is None or abs(a.ratio - 0.95) > 1e-6 and abs(a.ratio - 0.60) > 1e-6 and abs(a.ratio) > 1e-6)
    assert a.status == b.status
    for name in ("observed_rate", "required_rate", "rate_now_required", "ratio"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None) and (x is None or y == pytest.approx(x, rel=1e-6, abs=1e-9)), name


@PROPERTY
@given(levels, levels, st.integers(min_value=2014, max_value=2023), st.integers(min_value=1, max_value=10))
def test_without_a_target_direction_only_flips_the_judgement(v0, v1, y0, dy):
    up = assess([Point(y0, v0), Point(y0 + dy, v1)], UP)
    down = assess([Point(y0, v0), Point(y0 + dy, v1)], DOWN)
    assert up.observed_rate == down.observed_rate
    assert up.status == status_without_target(up.observed_rate)
    assert down.status == status_without_target(-down.observed_rate)


@PROPERTY
@given(levels, levels, levels, st.integers(min_value=2014, max_value=2023), st.integers(min_value=1, max_value=10))
def test_a_current_value_at_or_past_the_target_is_achieved(v0, v1, target, y0, dy):
    assume(v1 >= target)
    a = assess([Point(y0, v0), Point(y0 + dy, v1)], UP, Point(2030 + dy, target))
    assert a.status == "achieved"
