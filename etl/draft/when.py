"""The period a figure refers to, read from the words before it. Pure.

Years: "2023年" → "2023"; relative to the document's year: 去年/过去一年 → the year before,
今年/年内 → its year, 前年 → two years before. Parts of a year → months of one year:
前三季度 / 1至9月 / 1—9月 → "Y-01/Y-09", 上半年 → "Y-01/Y-06", 一季度 → "Y-01/Y-03",
前N个月 → "Y-01/Y-N", N月份 → "Y-N". Five-year plans: "十四五"期间 → "2021/2025".
No period in the text → "doc" (dated by the document).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize import parse_chinese_integer

# A year, not one end of a span of years (2023—2035年, 2023至2025年); 增至2025年 is a year.
YEAR = re.compile(r"(?<!\d[—–\-~至到])(?<![\d—–\-~])((?:19|20)\d{2})年(?!代)(?![—–\-~至到](?:19|20)?\d{2})")
RELATIVE = {"前年": -2, "去年": -1, "上年": -1, "过去一年": -1, "今年": 0, "年内": 0, "本年": 0}
RELATIVE_RE = re.compile("|".join(sorted(RELATIVE, key=len, reverse=True)))
_MONTH = r"(\d{1,2}|[一二三四五六七八九十]{1,2})"
MONTH_SPAN = re.compile(rf"{_MONTH}[—–\-~至到]{_MONTH}月(?:份)?")
QUARTERS = {"一季度": 3, "第一季度": 3, "前两季度": 6, "上半年": 6, "前三季度": 9, "前3季度": 9}
QUARTER_RE = re.compile("|".join(sorted(QUARTERS, key=len, reverse=True)))
FIRST_MONTHS = re.compile(rf"前{_MONTH}个?月")
ONE_MONTH = re.compile(rf"(?<![\d—–\-~至到]){_MONTH}月份")
FIVE_YEAR_PLAN = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:期间|时期|以来)")
TARGET_YEAR = re.compile(r"(?:到|至|截至)((?:19|20)\d{2})年(?:底|末)?")


@dataclass(frozen=True)
class When:
    period: str            # as the catalog writes it
    why: str               # the words it came from, for the proposal's note
    part_year: bool = False


def _month(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese_integer(text)


def five_year_plan(n: int) -> tuple[int, int]:
    """The n-th five-year plan's years (the 6th, 1981-1985, onwards: 十四五 → 2021-2025)."""
    start = 1981 + 5 * (n - 6)
    return start, start + 4


def years_in(text: str, doc_year: int | None) -> list[tuple[int, int, str]]:
    """(offset, year, words) for every year `text` names, absolute or relative, in order."""
    found = [(m.start(), int(m.group(1)), m.group(0)) for m in YEAR.finditer(text)]
    if doc_year:
        found += [(m.start(), doc_year + RELATIVE[m.group(0)], m.group(0)) for m in RELATIVE_RE.finditer(text)]
    return sorted(found)


def part_of_year(text: str) -> tuple[int, int, str] | None:
    """(first month, last month, words) when `text` names part of a year."""
    for m in QUARTER_RE.finditer(text):
        return 1, QUARTERS[m.group(0)], m.group(0)
    for m in MONTH_SPAN.finditer(text):
        a, b = _month(m.group(1)), _month(m.group(2))
        if 1 <= a < b <= 12:
            return a, b, m.group(0)
    for m in FIRST_MONTHS.finditer(text):
        b = _month(m.group(1))
        if 1 < b <= 12:
            return 1, b, m.group(0)
    for m in ONE_MONTH.finditer(text):
        a = _month(m.group(1))
        if 1 <= a <= 12:
            return a, a, m.group(0)
    return None


def period_before(text: str, doc_year: int | None, skip: set[int] = frozenset()) -> When | None:
    """The period the words `text` (those before a figure) give it, or None. `skip`: years used
    as a comparison's base, not the figure's own period."""
    plan = list(FIVE_YEAR_PLAN.finditer(text))
    years = [y for y in years_in(text, doc_year) if y[0] not in skip]
    if plan and (not years or plan[-1].start() > years[-1][0]):
        a, b = five_year_plan(10 + parse_chinese_integer(plan[-1].group(1)))
        return When(f"{a}/{b}", plan[-1].group(0))
    part = part_of_year(text)
    if years:
        _, year, words = years[-1]
        if part:
            a, b, part_words = part
            period = f"{year}-{a:02d}" if a == b else f"{year}-{a:02d}/{year}-{b:02d}"
            return When(period, words + part_words, part_year=True)
        return When(str(year), words)
    if part and doc_year:
        a, b, part_words = part
        period = f"{doc_year}-{a:02d}" if a == b else f"{doc_year}-{a:02d}/{doc_year}-{b:02d}"
        return When(period, part_words + " (the document's year)", part_year=True)
    return None


def target_year(text: str) -> int | None:
    """The year of a goal: 到2030年 → 2030."""
    found = TARGET_YEAR.findall(text)
    return int(found[-1]) if found else None
