"""The scanner: figures in the documents that no catalog quote covers.

A figure is a number (Arabic, or a Chinese numeral followed by a unit or measure word, or an
ordinal 第…) with its unit. Calendar references (2023年, 2023—2035年, 3月, 26日) are dates, not
figures. A figure is covered when it lies inside an occurrence of a statement's or an
exclusion's quote in its document, compared with whitespace removed (the texts carry line breaks
inside numbers). What is left is what a curator still has to code, or exclude with a reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .load import load_catalog
from .normalize import BASE_UNITS, COUNT_WORDS, MAGNITUDES

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# Measure words after a Chinese numeral that make it a figure ("三个", "一批", "二十届"); 地 is left
# out on purpose: 三地 names the three jurisdictions, not a count.
_CN_MEASURES = sorted(set(COUNT_WORDS) | set(BASE_UNITS) | {
    "批", "届", "期", "级", "轮", "倍", "成", "年", "周", "岁", "层", "方面", "省市", "国", "线", "号", "亿元", "万元",
}, key=len, reverse=True)
_UNITS = sorted(set(BASE_UNITS) | set(COUNT_WORDS) | {"届", "批", "期", "方面", "兆帕", "兆瓦", "瓦时/公斤", "摄氏度"},
                key=len, reverse=True)
_MAGNITUDES = sorted(MAGNITUDES, key=len, reverse=True)
# A bare 一 before a measure word is mostly the indefinite article (一个, 一座, 一批, 一方面, 一天):
# not a figure. 一 before a unit of measure (一小时, 一公里, 一倍) still is.
_ARTICLE_MEASURES = frozenset(COUNT_WORDS) | {"批", "轮", "方面", "届", "期", "级", "天", "日", "年", "号", "线",
                                              "层", "国", "位", "名", "人"}

ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
CHINESE = re.compile(rf"第?[{CN_DIGITS}]+")
YEAR_RANGE = re.compile(r"(?:19|20)\d{2}(?:年)?(?:[—–\-~至到](?:19|20)\d{2})?年")
MONTH_DAY = re.compile(r"\d{1,2}(?:[—–\-~至到]\d{1,2})?(?:月份|月|日|号)(?!线)")
SENTENCE_END = "。！？；!?"


@dataclass(frozen=True)
class Figure:
    start: int  # offsets in the squashed text
    end: int
    text: str   # the number with its unit, as written


@dataclass(frozen=True)
class Finding:
    file: str
    document_id: str | None
    line: int
    figure: str
    sentence: str


def squash_with_map(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and for each kept character its offset in the original."""
    kept = [(ch, i) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for ch, _ in kept), [i for _, i in kept]


def _unit_at(s: str, i: int) -> int:
    """The end of the unit starting at s[i] (magnitude then base unit), or i when there is none."""
    j = i
    for mag in _MAGNITUDES:
        if s.startswith(mag, j):
            j += len(mag)
            break
    for unit in _UNITS:
        if s.startswith(unit, j):
            return j + len(unit)
    return j


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _dates(s: str) -> list[tuple[int, int]]:
    return [m.span() for m in YEAR_RANGE.finditer(s)] + [m.span() for m in MONTH_DAY.finditer(s)]


def find_figures(s: str) -> list[Figure]:
    """Every figure in the squashed text `s`, in order. Pure."""
    dates = _dates(s)
    out = []
    for m in ARABIC.finditer(s):
        a, b = m.span()
        if any(x <= a and b <= y for x, y in dates) or s[max(0, a - 2):a].upper() == "PM":
            continue
        if s[a - 1:a] == "第" and s.startswith("版", b):
            continue  # a newspaper's page reference, (上接第1版): layout, not content
        end = _unit_at(s, b)
        if end == b and (_latin(s[a - 1:a]) or _latin(s[b:b + 1])):
            continue  # a code or a name: 5G, G95, A320, V1
        out.append(Figure(a, b, s[a:end]))
    arabic_units = [(f.start, f.start + len(f.text)) for f in out]
    for m in CHINESE.finditer(s):
        a, b = m.span()
        if any(x <= a < y for x, y in arabic_units) or s[a - 1:a].isdigit():
            continue  # the magnitude of an Arabic number (2200万标准箱), already found
        ordinal = s[a] == "第"
        if ordinal and (b - a == 1 or s.startswith("版", b)):
            continue
        measure = next((w for w in _CN_MEASURES if s.startswith(w, b)), None)
        if not ordinal and measure is None:
            continue
        if s[a:b] in ("零", "〇") or (s[a:b] == "一" and measure in _ARTICLE_MEASURES):
            continue
        if measure == "年" and b - a == 4 and not set(s[a:b]) & set("十百千万亿"):
            continue  # 二〇二三年: a year written in Chinese numerals
        out.append(Figure(a, b, s[a:b + len(measure or "")]))
    return sorted(out, key=lambda f: f.start)


def covered_spans(s: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of every quote (squashed) in the squashed text."""
    spans = []
    for quote in quotes:
        q = "".join(quote.split())
        start = s.find(q) if q else -1
        while start >= 0:
            spans.append((start, start + len(q)))
            start = s.find(q, start + 1)
    return spans


def sentence_around(s: str, a: int, b: int, limit: int = 80) -> str:
    start = max((s.rfind(ch, 0, a) for ch in SENTENCE_END), default=-1) + 1
    ends = [i for i in (s.find(ch, b) for ch in SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(s)
    start, end = max(start, a - limit), min(end, b + limit)
    return s[start:end]


def uncovered(text: str, quotes: list[str]) -> list[tuple[int, Figure, str]]:
    """(line, figure, sentence) for each figure in `text` that no quote covers. Pure."""
    s, offsets = squash_with_map(text)
    spans = covered_spans(s, quotes)
    out = []
    for fig in find_figures(s):
        if any(x <= fig.start and fig.end <= y for x, y in spans):
            continue
        line = text.count("\n", 0, offsets[fig.start]) + 1
        out.append((line, fig, sentence_around(s, fig.start, fig.end)))
    return out


def scan_catalog(entry: Path) -> list[Finding]:
    """Uncovered figures in every document under sources/, coded or not. Reads the catalog as it is
    (no validation), so a curator can scan a document before its metadata or statements are right."""
    raw = load_catalog(entry)
    root = raw.root
    by_file = {r.data.get("file"): r.data.get("id") for r in raw.documents}
    quotes: dict[str, list[str]] = {}
    for record in raw.statements + raw.exclusions:
        if isinstance(record.data.get("quote"), str):
            quotes.setdefault(record.document, []).append(record.data["quote"])
    findings = []
    for path in sorted((root / "sources").glob("*.txt")):
        doc = by_file.get(path.name)
        text = path.read_text(encoding="utf-8", errors="replace")
        for line, fig, sentence in uncovered(text, quotes.get(doc, []) if doc else []):
            findings.append(Finding(f"sources/{path.name}", doc, line, fig.text, sentence))
    return findings
