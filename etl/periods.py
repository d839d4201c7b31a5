"""Periods as the catalog writes them → start, end and reference year. Pure functions."""
from __future__ import annotations

import calendar
from dataclasses import dataclass

from .schema import PERIOD_RE

FIRST_YEAR = 1000


@dataclass(frozen=True)
class Period:
    text: str        # as coded, or the document's date for "doc"
    start: str       # ISO date
    end: str         # ISO date
    year: int        # the year the value refers to (the end year)
    span: str        # year | month | months | years
    from_document: bool = False  # dated by its document because the text gives no period


def parse_period(text: str, document_date: str | None = None) -> Period:
    """"2024" → 2024-01-01..2024-12-31; "2025-01/2025-10"; "2014/2024"; "doc" → the document's date."""
    if text == "doc":
        if not document_date:
            raise ValueError("period 'doc' needs the document's date")
        year = int(document_date[:4])
        return Period(document_date, document_date, document_date, year, "document", True)
    match = PERIOD_RE.match(text)
    if not match or not match.group(1):
        raise ValueError(f"bad period {text!r}")
    y1, m1, y2, m2 = match.groups()
    y1 = int(y1)
    for year in (y1, int(y2 or y1)):
        if year < FIRST_YEAR:  # year 0 does not exist; "0214" is a typo; neither makes an ISO date
            raise ValueError(f"period {text!r} has year {year}: years start at {FIRST_YEAR}")
    if y2 is None:
        if m1 is None:
            return Period(text, f"{y1}-01-01", f"{y1}-12-31", y1, "year")
        month = int(m1)
        _check_month(text, month)
        last = calendar.monthrange(y1, month)[1]
        return Period(text, f"{y1}-{month:02d}-01", f"{y1}-{month:02d}-{last}", y1, "month")
    y2 = int(y2)
    if (m1 is None) != (m2 is None):
        raise ValueError(f"period {text!r} mixes a year and a month")
    if m1 is None:
        if y2 <= y1:
            raise ValueError(f"period {text!r} must run forwards")
        return Period(text, f"{y1}-01-01", f"{y2}-12-31", y2, "years")
    a, b = int(m1), int(m2)
    _check_month(text, a)
    _check_month(text, b)
    if (y2, b) <= (y1, a):
        raise ValueError(f"period {text!r} must run forwards")
    last = calendar.monthrange(y2, b)[1]
    return Period(text, f"{y1}-{a:02d}-01", f"{y2}-{b:02d}-{last}", y2, "months")


def _check_month(text: str, month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"period {text!r} has month {month}")


def last_day(date: str) -> str:
    """The last day a date of any precision can mean: "2024" → "2024-12-31", "2024-02" → "2024-02-29"."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
    month = parts[1] if len(parts) == 2 else 12
    return f"{parts[0]:04d}-{month:02d}-{calendar.monthrange(parts[0], month)[1]:02d}"


def date_ordinal(date: str) -> int:
    """"2026-02" → 20260200: document dates of any precision, comparable as numbers."""
    digits = date.replace("-", "")
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0
