"""One figure of a document read as a statement: value and unit as written, qualifier, kind and,
for a change, its sign and base. Pure.

The figures themselves are the scanner's (etl/scan.py); this module reads the words around them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize import NormalizationError, parse_value, split_unit
from ..scan import Figure, _unit_at

RANGE_SEPARATORS = "~～—–-至到"
# Words right before a number, longest first, and the qualifier they give (catalog/README.md).
PREFIX_QUALIFIERS = (
    ("最高可达", "up_to"), ("不超过", "up_to"), ("控制在", "up_to"), ("最多", "up_to"),
    ("超过", "more_than"), ("突破", "more_than"), ("多达", "more_than"), ("逾", "more_than"), ("超", "more_than"),
    ("接近", "nearly"), ("将近", "nearly"), ("近", "nearly"),
    ("大约", "about"), ("约为", "about"), ("约", "about"),
)
INFIX_MORE = ("余", "多")  # "1200余家", "40多个": between the number and its unit
SUFFIX_QUALIFIERS = (("以上", "more_than"), ("多", "more_than"), ("余", "more_than"), ("左右", "about"),
                     ("以内", "up_to"), ("以下", "up_to"))

INCREASE = ("增长", "提升", "提高", "增加", "上升", "扩大", "增速")
DECREASE = ("下降", "减少", "降低", "改善", "缩小", "缩短", "下降了")
CHANGE_VERB = re.compile("(" + "|".join(INCREASE + DECREASE) + ")")
# What may stand between a change verb and its number: qualifiers, 分别, and earlier numbers of a list.
_BETWEEN = re.compile(r"(?:了|分别|高达|达到|达|为|超过|超|近|约|逾)*"
                      r"(?:[\d.]+(?:%|％|倍|个百分点)?[、和与及])*(?:了|超过|超|近|约|逾)*")
BASE = re.compile(r"(?:比|较|从|相比|相较)(?:于)?((?:19|20)\d{2})年")
PREVIOUS_YEAR_BASE = re.compile(r"同比|比上年|较上年|比去年|较去年|上年同期|去年同期")
TARGET_CUES = re.compile(r"力争|目标|计划|预计|争取|确保|(?<![即必])将(?!近)|拟|规划到|到(?:19|20)\d{2}年")


@dataclass(frozen=True)
class Reading:
    start: int           # squashed offsets of the whole figure (range and suffix included)
    end: int
    value: str           # as written
    unit: str            # as written, magnitude included
    qualifier: str
    qualifier_words: str  # the words that gave it ("" for exact)


def read_figures(s: str, figures: list[Figure]) -> list[Reading]:
    """Each scanner figure as value, unit and qualifier; "1~1.5小时" (two figures) becomes one range."""
    out: list[Reading] = []
    skip = set()
    for k, fig in enumerate(figures):
        if k in skip:
            continue
        value_end = fig.end
        nxt = figures[k + 1] if k + 1 < len(figures) else None
        is_range = (nxt is not None and fig.text == s[fig.start:fig.end] and nxt.start == fig.end + 1
                    and s[fig.end] in RANGE_SEPARATORS)
        if is_range:
            skip.add(k + 1)
            value_end = nxt.end
        value = s[fig.start:value_end]
        unit_start, infix = value_end, ""
        if s[unit_start:unit_start + 1] in INFIX_MORE:
            infix, unit_start = s[unit_start], unit_start + 1
        unit_end = _unit_at(s, unit_start)  # "6万余人": unit 万 as written, 余 its qualifier
        unit = s[unit_start:unit_end]
        if len(unit) > 1 and unit[-1] in INFIX_MORE:  # the scanner reads 余/多 as a measure word
            unit, unit_end = unit[:-1], unit_end - 1
        if unit in INFIX_MORE:
            unit, unit_end = "", unit_start
        qualifier, words = _qualifier(s, fig.start, unit_end, infix, is_range or _is_chinese_range(value))
        end = unit_end + (len(words) if words and s.startswith(words, unit_end) else 0)
        out.append(Reading(fig.start, end, value, unit, qualifier, words or infix))
    return out


def _is_chinese_range(value: str) -> bool:
    try:
        low, high = parse_value(value)
    except NormalizationError:
        return False
    return low != high


def _qualifier(s: str, start: int, unit_end: int, infix: str, is_range: bool) -> tuple[str, str]:
    if is_range:
        return "range", ""
    for word, qualifier in PREFIX_QUALIFIERS:
        if s[:start].endswith(word):
            return qualifier, word
    if infix:
        return "more_than", infix
    for word, qualifier in SUFFIX_QUALIFIERS:
        if s.startswith(word, unit_end):
            return qualifier, word
    return "exact", ""


def value_is_readable(value: str) -> bool:
    try:
        parse_value(value)
    except NormalizationError:
        return False
    return True


def unit_is_known(unit: str) -> bool:
    try:
        split_unit(unit)
    except NormalizationError:
        return False
    return True


@dataclass(frozen=True)
class Change:
    sign: str        # increase | decrease
    verb: str
    base_year: int | None  # stated base (比2014年); None when year-on-year or not stated
    year_on_year: bool     # 同比, 较上年


def read_change(clause_before: str, sentence_before: str) -> Change | None:
    """A change when a change verb leads to the number ("同比增长6%", "比2014年下降57.2%",
    "分别增长16.4%、9.4%"); None for a level ("增至209项" is a level)."""
    verbs = list(CHANGE_VERB.finditer(clause_before))
    if not verbs:
        return None
    verb = verbs[-1]
    if not _BETWEEN.fullmatch(clause_before[verb.end():]):
        return None
    sign = "increase" if verb.group(1) in INCREASE else "decrease"
    bases = BASE.findall(sentence_before)
    return Change(sign, verb.group(1), int(bases[-1]) if bases else None,
                  bool(PREVIOUS_YEAR_BASE.search(clause_before)))


def is_target(sentence_before: str) -> bool:
    return TARGET_CUES.search(sentence_before) is not None
