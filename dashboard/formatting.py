"""Numbers for people, per language: 2,329万标准箱 in Chinese, 23.29 M TEU in English. Pure functions."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .i18n import normalize_lang, t

if TYPE_CHECKING:
    from db.records import ProgressRow

# Units that never take a magnitude word: rates, shares and durations read better as written.
_PLAIN_UNITS = frozenset({"percent", "pp", "ug/m3", "minutes", "hours", "days", "times"})
# Chinese groups by 10^4; English by 10^3 (only millions and billions get a word).
_ZH_MAGNITUDES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
_EN_MAGNITUDES = ((1e9, "bn"), (1e6, "M"))
_NO_SPACE_UNITS = frozenset({"percent"})


def number(value: float, decimals: int = 2) -> str:
    """Thousands separators, at most `decimals` decimals, no trailing zeros: 2329.0 → "2,329"."""
    if value is None or not math.isfinite(value):
        return ""
    if value != 0 and abs(value) < 1:
        decimals = max(decimals, 1 - math.floor(math.log10(abs(value))) + 1)  # keep two significant digits
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def unit_label(unit: str, lang: str) -> str:
    try:
        return t(lang, f"unit.{unit}")
    except KeyError:
        return unit  # a unit the catalog has no word for is shown as the data spells it


def _scaled(value: float, unit: str, lang: str) -> tuple[str, str]:
    """The number and the magnitude word (万, 亿, M, bn) that make it readable."""
    if unit not in _PLAIN_UNITS:
        for size, word in (_ZH_MAGNITUDES if lang == "zh" else _EN_MAGNITUDES):
            if abs(value) >= size:
                return number(value / size), word
    return number(value), ""


def scaled_number(value: float, unit: str, lang: str) -> str:
    """The number with its magnitude word and no unit, for axis ticks: "2,000万" / "20 M"."""
    lang = normalize_lang(lang)
    text, magnitude = _scaled(value, unit, lang)
    return f"{text}{magnitude}" if lang == "zh" else " ".join(part for part in (text, magnitude) if part)


# A derived level is computed from a rounded percentage: more digits than three would be false precision.
DERIVED_SIGNIFICANT_DIGITS = 3


def digits_for(kind: str | None) -> int | None:
    """The significant digits a value of this kind is shown with (None: as stated)."""
    return DERIVED_SIGNIFICANT_DIGITS if kind == "derived" else None


def has_own_baseline(progress: ProgressRow) -> bool:
    """Whether the baseline is a level apart from the current one: a single dated level is its own
    baseline, and showing it twice would suggest a comparison that was not made."""
    return progress.baseline_value is not None and progress.baseline_year != progress.current_year


def significant(value: float | None, digits: int | None) -> float | None:
    """`value` rounded to `digits` significant digits: 924,155,513,065.6 → 924,000,000,000 at three;
    unchanged when `digits` is None."""
    if digits is None or value is None or value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def format_value(value: float | None, unit: str, lang: str, qualifier: str = "exact",
                 digits: int | None = None) -> str:
    """A value with its unit and qualifier: ("超")2,329万标准箱 / (over )23.29 M TEU; "" when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    lang = normalize_lang(lang)
    value = significant(value, digits)
    text, magnitude = _scaled(value, unit, lang)
    label = unit_label(unit, lang)
    if lang == "en" and text == "1" and not magnitude and label.endswith("s"):
        label = label[:-1]  # 1 platform, 1 day, 1 person
    if lang == "zh":
        body = f"{text}{magnitude}{label}"
    elif unit in _NO_SPACE_UNITS:
        body = f"{text}{label}"
    else:
        body = " ".join(part for part in (text, magnitude, label) if part)
    prefix = _qualifier_word(qualifier, lang)
    if not prefix:
        return body
    return f"{prefix}{body}" if lang == "zh" else f"{prefix} {body}"


def format_point(value: float | None, year, unit: str, lang: str, qualifier: str | None = "exact",
                 kind: str | None = "observed") -> str:
    """A level with its year, its qualifier and, when the ETL computed it, the derived mark:
    "超2,200万标准箱（2023年）" / "about 475 (2014, derived)"; "" when there is no value."""
    if value is None or not math.isfinite(value):
        return ""
    derived = kind == "derived"
    text = format_value(value, unit, lang, qualifier or "exact", digits_for(kind))
    when = t(lang, "point.derived_in" if derived else "point.in", year=year) if year else (
        t(lang, "point.derived") if derived else "")
    return f"{text}{when}" if normalize_lang(lang) == "zh" else f"{text} {when}".rstrip()


def format_trend(progress: ProgressRow, lang: str) -> str:
    """The observed rate with the years it spans and where it came from: "−9.00% a year (2014–2023,
    from a change statement)"; "" when there is no observed rate."""
    rate = format_rate(progress.observed_rate, lang)
    if not rate:
        return ""
    start, end = progress.rate_from_year, progress.rate_to_year
    key = "trend.from_change" if progress.from_change_statement else "trend.levels"
    text = t(lang, key, rate=rate, start=start, end=end) if start and end else rate
    if progress.rests_on_bound and not progress.rests_on:  # else the status's own note says it
        text += ("，" if normalize_lang(lang) == "zh" else "; ") + t(lang, "card.bound_trend")
    return text


def _qualifier_word(qualifier: str | None, lang: str) -> str:
    if not qualifier or qualifier == "exact":
        return ""
    try:
        return t(lang, f"qualifier.{qualifier}")
    except KeyError:
        return ""


def format_rate(rate: float | None, lang: str) -> str:
    """A growth rate a year, to one decimal (the inputs are rounded figures): "年均 +5.9%" / "+5.9% a year"."""
    if rate is None or not math.isfinite(rate):
        return ""
    percent = round(rate * 100, 1)
    if percent == 0:
        return t(lang, "rate.per_year", rate="0.0%")
    return t(lang, "rate.per_year", rate=f"{'+' if percent > 0 else '−'}{abs(percent):.1f}%")


def format_ratio(ratio: float | None) -> str:
    return "" if ratio is None or not math.isfinite(ratio) else f"{ratio:.2f}"


def format_count(n: int) -> str:
    return f"{n:,d}"


def format_share(share: float) -> str:
    """A threshold given as a fraction (0.015) as a percent: "1.5%"."""
    return f"{number(share * 100)}%"


def format_built_at(iso: str) -> str:
    """"2026-11-22T02:13:23+00:00" → "2026-11-22 02:13 UTC" (the build records UTC)."""
    if not iso or "T" not in iso:
        return iso or ""
    day, time = iso.split("T", 1)
    return f"{day} {time[:5]} UTC"


def baseline_text(progress: ProgressRow, unit: str, lang: str, none: str = "—") -> str:
    """The baseline as cards and verdicts show it: the level with its year; without a level of its
    own, the change statement the rate comes from ("the change statement 2014–2023 (no 2014 level
    stated)"); else `none`."""
    if has_own_baseline(progress):
        return format_point(progress.baseline_value, progress.baseline_year, unit, lang,
                            progress.baseline_qualifier, progress.baseline_kind)
    if progress.from_change_statement and progress.rate_from_year:
        return t(lang, "verdict.baseline_change", start=progress.rate_from_year, end=progress.rate_to_year)
    return none
