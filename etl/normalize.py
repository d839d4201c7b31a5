"""Numbers and units as written → normalized values in canonical units. Pure functions.

"2329" + "万标准箱" → 23,290,000 TEU; "57.2" + "%" → 57.2 percent; "三" + "家" → 3 enterprises.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .load import clip
from .schema import COUNT_UNITS

MAGNITUDES = {  # longest first where one is a prefix of another
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
    "百": Decimal(10) ** 2,
}

# Written base unit → canonical unit. None: a count, whose canonical unit is the indicator's.
BASE_UNITS = {
    "标准箱": "TEU", "TEU": "TEU",
    "公里": "km", "千米": "km",
    "平方公里": "km2", "平方千米": "km2",
    "平方米": "m2",
    "立方米": "m3",
    "亩": "mu",
    "微克/立方米": "ug/m3",
    "元": "CNY", "人民币": "CNY",
    "美元": "USD",
    "吨": "tonnes",
    "千瓦": "kW",
    "千瓦时": "kWh", "度": "kWh",
    "%": "percent", "％": "percent",
    "个百分点": "pp", "百分点": "pp",
    "分钟": "minutes",
    "小时": "hours",
    "天": "days", "日": "days",
    "年": "years",
    "倍": "times",
    "成": "percent",  # 一成 = 10 %
    "人次": "person-trips",
    "人": "persons", "名": "persons", "位": "persons",
}
COUNT_WORDS = (
    "家", "个", "项", "所", "座", "条", "列", "对", "批", "套", "张", "户", "辆", "架次", "班",
    "次", "场", "件", "台", "处", "款", "种", "艘", "间", "支", "部", "期", "站", "类", "趟",
    "栋", "只", "批次", "余", "多",
)

UNIT_FACTORS = {"成": Decimal(10)}  # base units that carry a factor of their own

# Units whose level (an observed value or a target, not a change) cannot be below zero.
NON_NEGATIVE_UNITS = COUNT_UNITS | {"TEU", "km", "km2"}

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_RANGE_SEP = re.compile(r"\s*[-—–~～至到]\s*")


class NormalizationError(ValueError):
    """A value or unit that cannot be normalized; `field` says which."""

    def __init__(self, message: str, field: str = "value"):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Normalized:
    value: float
    low: float
    high: float
    unit: str


def parse_chinese_integer(text: str) -> int:
    """"三" → 3, "十二" → 12, "二十" → 20, "一百零五" → 105, "两千" → 2000."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        raise NormalizationError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def parse_number(text: str) -> Decimal:
    """One number as written: "2,329", "57.2", "三", "十二"."""
    cleaned = re.sub(r"\s+", "", text).replace(",", "").replace("，", "")
    if re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return Decimal(cleaned)
    try:
        return Decimal(parse_chinese_integer(cleaned))
    except NormalizationError:
        pass
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise NormalizationError(f"cannot read {text!r} as a number") from None
    if not number.is_finite():
        raise NormalizationError(f"{text!r} is not a finite number")
    return number


def parse_value(text: str) -> tuple[Decimal, Decimal]:
    """A value as written → (low, high): equal for one number, the bounds for "30-40"."""
    cleaned = re.sub(r"\s+", "", text)
    if cleaned in ("半", "一半"):  # "过半", "一半以上": half, read as a percentage like the fractions below
        return Decimal(50), Decimal(50)
    fraction = re.fullmatch(r"(.+)分之(.+)", cleaned)
    if fraction:  # "三分之一" → 33.33…, read as a percentage
        whole = parse_number(fraction.group(1))
        if whole == 0:
            raise NormalizationError(f"{text!r}: a fraction of zero parts")
        share = parse_number(fraction.group(2)) / whole * 100
        return share, share
    approximate = re.fullmatch(r"([一二两三四五六七八])([二三四五六七八九])([十百千万]?)", cleaned)
    if approximate:  # "二三百" → 200–300: two neighbouring digits give a range
        scale = Decimal(_CN_UNITS.get(approximate.group(3), 10000 if approximate.group(3) == "万" else 1))
        low, high = (_CN_DIGITS[approximate.group(i)] * scale for i in (1, 2))
        if high - low == scale:
            return Decimal(low), Decimal(high)
    parts = _RANGE_SEP.split(cleaned)
    if len(parts) == 2 and all(parts):
        low, high = parse_number(parts[0]), parse_number(parts[1])
        if low > high:
            raise NormalizationError(f"range {text!r} runs backwards")
        return low, high
    number = parse_number(cleaned)
    return number, number


def split_unit(unit_as_written: str) -> tuple[Decimal, str]:
    """"万标准箱" → (10000, "标准箱"); "亿元" → (1e8, "元"); "千米" → (1, "千米")."""
    unit = re.sub(r"\s+", "", unit_as_written)
    if unit in BASE_UNITS or unit in COUNT_WORDS or unit == "":
        return Decimal(1), unit
    for prefix, factor in MAGNITUDES.items():
        if unit.startswith(prefix):
            rest = unit[len(prefix):]
            if rest == "" or rest in BASE_UNITS or rest in COUNT_WORDS:
                return factor, rest
    raise NormalizationError(f"unknown unit {unit_as_written!r}", "unit")


def canonical_unit(base_unit: str, indicator_unit: str) -> str:
    """The canonical unit of a written base unit, given the indicator it measures."""
    if base_unit in BASE_UNITS:
        unit = BASE_UNITS[base_unit]
        if unit in ("persons", "person-trips") and indicator_unit in COUNT_UNITS:
            return indicator_unit if indicator_unit in ("persons", "person-trips") else unit
        return unit
    if base_unit in COUNT_WORDS or base_unit == "":
        if indicator_unit in COUNT_UNITS:
            return indicator_unit
        if base_unit == "" and indicator_unit in ("percent", "times"):
            return indicator_unit
        raise NormalizationError(
            f"a count ({base_unit or 'no unit'}) cannot measure an indicator in {indicator_unit}", "unit"
        )
    raise NormalizationError(f"unknown unit {base_unit!r}", "unit")


def normalize(value_as_written: str, unit_as_written: str, indicator_unit: str,
              relative: bool = False) -> Normalized:
    """Normalize a value as written.

    `relative` marks a change statement: a percent, percentage points or a multiple are
    then kept as such, not compared with the indicator's unit.
    """
    low, high = parse_value(value_as_written)
    factor, base = split_unit(unit_as_written)
    if relative and base in ("%", "％", "个百分点", "百分点", "倍"):
        unit = BASE_UNITS[base]
    else:
        unit = canonical_unit(base, indicator_unit)
        if unit != indicator_unit:
            raise NormalizationError(
                f"{unit_as_written!r} normalizes to {unit}, but the indicator is measured in {indicator_unit}", "unit"
            )
    factor *= UNIT_FACTORS.get(base, Decimal(1))
    too_large = f"{clip(value_as_written)!r} {unit_as_written} is too large to store (not a finite number)"
    try:
        low, high = low * factor, high * factor
        result = Normalized(value=float((low + high) / 2), low=float(low), high=float(high), unit=unit)
    except ArithmeticError:  # decimal.Overflow: more digits than any quantity has
        raise NormalizationError(too_large) from None
    if not all(math.isfinite(x) for x in (result.value, result.low, result.high)):
        raise NormalizationError(too_large)
    if not relative and unit in NON_NEGATIVE_UNITS and low < 0:
        raise NormalizationError(f"{clip(value_as_written)!r}: a level in {unit} cannot be negative "
                                 "(only a change statement may be)")
    return result
