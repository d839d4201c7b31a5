"""A new document's metadata, proposed from its text: title, author, date and the evidence for the
date. Pure apart from hashing the bytes. Every guessed field is listed under `review:`."""
from __future__ import annotations

import hashlib
import re

from .names import REVIEW_KEY
from .when import YEAR

PLAN_BEFORE = re.compile(r"到|至|截至|预计|计划|力争|争取|目标|确保")  # a year after these is a plan's

DATELINE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
DATE_WORDS = ("发布", "印发", "日期", "时间", "来源", "出版", "刊发")
BYLINE = re.compile(r"^(?:#+\s*)?[■□●◆]?\s*(?:记者|作者|文[/／]|本报记者)?\s*([\u4e00-\u9fff ·、]{2,30})$")


def _lines(text: str) -> list[str]:
    return [ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()]


def propose_title(text: str) -> str:
    lines = _lines(text)
    if not lines:
        return ""
    title = lines[0]
    if len(lines) > 1 and lines[1].startswith(("——", "—")):
        title += lines[1]
    return title


def propose_author(text: str) -> str:
    for line in _lines(text)[1:8]:
        if re.match(r"^[■□●◆]|^记者|^作者|^文[/／]", line):
            return re.sub(r"^[■□●◆\s]+", "", line)
    return "未署名"


def propose_date(text: str) -> tuple[str, str, str]:
    """(date, precision, evidence): a dateline or 发布/印发 date when printed, else the latest year
    the text reports (moved on a year when it speaks of 去年, the year its figures are for)."""
    squashed = "".join(text.split())
    for line in text.splitlines():
        m = DATELINE.search(line)
        compact = "".join(line.split())
        if m and (any(w in compact for w in DATE_WORDS) or len(compact) <= len(m.group(0)) + 6):
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y}-{mo:02d}-{d:02d}", "day", f"Dateline printed in the text: «{compact[:60]}»."
    past, planned = [], []
    for m in YEAR.finditer(squashed):
        ahead = PLAN_BEFORE.search(squashed[max(0, m.start() - 4):m.start()]) or squashed.startswith("将", m.end())
        (planned if ahead else past).append((int(m.group(1)), m.start()))
    if not past and planned:
        first = min(y for y, _ in planned)
        return str(first - 1), "year", (f"No date line and no past year: the text plans for {first} "
                                        f"(«{_around(squashed, first)}»), so it is most likely from {first - 1}. "
                                        "Estimated: check and narrow it by hand.")
    if not past:
        return "", "year", "No date line and no year in the text: set the date by hand."
    latest = max(y for y, _ in past)
    evidence = f"No date line. The latest year the text reports is {latest} («{_around(squashed, latest)}»)"
    if "去年" in squashed or "过去一年" in squashed:
        # 去年 is the year before the document's: the latest year named is the document's own when the
        # year before it has figures, else the text reports last year's figures and is from the next.
        reported = {y for y, i in past if _has_figure_after(squashed, i)}
        if latest - 1 not in reported and latest in reported:
            latest += 1
            evidence += f"; it speaks of 去年 and its latest figures are for {latest - 1}, so it is from {latest}"
    return str(latest), "year", evidence + ". Estimated: check and narrow it (month, day) by hand."


def _around(s: str, year: int) -> str:
    i = s.rfind(f"{year}年")
    return s[max(0, i - 10): i + 30]


def _has_figure_after(s: str, i: int) -> bool:
    end = min([j for j in (s.find(ch, i) for ch in "。；") if j >= 0] + [len(s)])
    return re.search(r"\d+(?:\.\d+)?(?:万|亿|%|家|个|项|人|元|吨|公里)", s[i + 5:end]) is not None


def propose_meta(doc_id: str, file_name: str, data: bytes, text: str) -> dict:
    date, precision, evidence = propose_date(text)
    return {
        "id": doc_id, "file": file_name,
        "title": propose_title(text), "title_en": "(to translate)",
        "author": propose_author(text), "author_en": "(to translate)",
        "kind": "(to describe: article, report, plan, newspaper page…)",
        "date": date or "(to set: no date found in the text)", "date_precision": precision, "date_evidence": evidence,
        "sha256": hashlib.sha256(data).hexdigest(),
        REVIEW_KEY: {
            "title": "the first line of the text (a subtitle line starting —— is joined)",
            "author": "a byline line (■ 记者 …) if one was found",
            "date": "estimated from the text, see date_evidence",
            "title_en": "translate", "author_en": "translate", "kind": "describe",
        },
    }
