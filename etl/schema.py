"""The shape of every catalog record, as pydantic models.

Only the shape of one record is checked here; how records refer to each other and to the
documents is checked in `validate.py`.
"""
from __future__ import annotations

import datetime
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vocab import DIRECTIONS, QUALIFIERS
from vocab import Kind as VocabKind

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# A year "2024", a month "2024-06", months of one year "2025-01/2025-10",
# a span of years "2014/2024", or "doc" (dated by its document).
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:/(\d{4})(?:-(\d{2}))?)?$|^doc$")

Theme = Literal[
    "transport", "port-trade", "environment", "innovation", "industry",
    "public-services", "reform-opening", "culture-tourism", "economy",
]
Direction = Literal[DIRECTIONS]
Qualifier = Literal[QUALIFIERS]
Kind = Literal[VocabKind.OBSERVED.value, VocabKind.TARGET.value, VocabKind.CHANGE.value]  # derived is the build's

COUNT_UNITS = frozenset({
    "enterprises", "institutions", "projects", "items", "lines", "trains", "beds", "households",
    "vehicles", "flights", "events", "platforms", "labs", "count", "parks", "stations", "routes",
    "hospitals", "schools", "persons", "person-trips",
})
CANONICAL_UNITS = frozenset({
    "TEU", "km", "km2", "m2", "m3", "mu", "ug/m3", "CNY", "USD", "tonnes", "kW", "kWh",
    "percent", "pp", "minutes", "hours", "days", "years", "times",
}) | COUNT_UNITS


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ThemeDef(Strict):
    id: Theme
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Region(Strict):
    id: str = Field(pattern=SLUG)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    level: Literal["region", "province", "city", "district", "park", "port", "platform"]
    parent: str | None = None


class Indicator(Strict):
    id: str = Field(pattern=SLUG, max_length=80)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    theme: Theme
    unit: str
    direction: Direction
    definition: str = Field(min_length=10)
    definition_zh: str | None = Field(default=None, min_length=4)

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str) -> str:
        if unit not in CANONICAL_UNITS:
            raise ValueError(f"unknown canonical unit {unit!r}; known: {', '.join(sorted(CANONICAL_UNITS))}")
        return unit


class Statement(Strict):
    indicator: str
    region: str
    kind: Kind
    period: str
    value: str = Field(min_length=1)
    unit: str = ""
    qualifier: Qualifier
    quote: str = Field(min_length=4)
    base_period: str | None = None
    change: Literal["increase", "decrease", "ratio"] | None = None
    change_basis: Literal["total", "annual_average"] = "total"
    qualifier_as_written: str | None = None
    note: str | None = None

    @field_validator("period", "base_period")
    @classmethod
    def _period_syntax(cls, period: str | None) -> str | None:
        if period is not None and not PERIOD_RE.match(period):
            raise ValueError(
                f"period {period!r} is not one of YYYY, YYYY-MM, YYYY-MM/YYYY-MM, YYYY/YYYY or 'doc'"
            )
        return period


class Exclusion(Strict):
    quote: str = Field(min_length=2)
    reason: str = Field(min_length=3)


class DocumentMeta(Strict):
    id: str = Field(pattern=SLUG)
    file: str
    title: str
    title_en: str
    author: str
    author_en: str
    kind: str
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    date_precision: Literal["year", "month", "day"]
    date_evidence: str = Field(min_length=10)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    parts: list | None = None

    @field_validator("date")
    @classmethod
    def _real_date(cls, date: str) -> str:
        """"2024-13-45" has the right shape but names no day: it would date the document's undated statements."""
        parts = [int(p) for p in date.split("-")]
        try:
            datetime.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
        except ValueError as exc:
            raise ValueError(f"{date!r} is not a real date ({exc})") from None
        return date

    @field_validator("sha256", mode="before")
    @classmethod
    def _hex_any_case(cls, value):
        return value.strip().lower() if isinstance(value, str) else value
