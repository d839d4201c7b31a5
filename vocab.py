"""The product's words, each defined once: etl, db and dashboard import them from here.

Dependency-free on purpose (standard library only), so any layer can import it without pulling
in another. Enums are StrEnums: a member *is* its string, so rows, JSON and SQL see plain text,
and `Status.ACHIEVED == "achieved"`. The tuples beside them hold the plain values, in order,
for code that lists or validates them.
"""
from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A progress verdict, best first (the order of legends, filters and charts)."""
    ACHIEVED = "achieved"
    SUBSTANTIAL = "substantial"
    MODERATE = "moderate"
    LIMITED = "limited"
    DETERIORATION = "deterioration"
    NOT_ASSESSED = "not_assessed"


class Kind(StrEnum):
    """What a statement states: a level, a change, a level derived from both, or a target."""
    OBSERVED = "observed"
    CHANGE = "change"
    DERIVED = "derived"
    TARGET = "target"


class Qualifier(StrEnum):
    """How the document qualifies a value: 超/突破 more_than, 约 about, 近 nearly, 以内 up_to, 二三百 range."""
    EXACT = "exact"
    MORE_THAN = "more_than"
    ABOUT = "about"
    NEARLY = "nearly"
    UP_TO = "up_to"
    RANGE = "range"


class RestsOn(StrEnum):
    """What an assessed status can rest on besides exact stated levels; shown beside the status everywhere."""
    BOUND = "bound"
    APPROXIMATION = "approximation"
    RANGE = "range"
    CHANGE_STATEMENT = "change_statement"
    DERIVED = "derived"


class Direction(StrEnum):
    """Which way an indicator's progress points."""
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEUTRAL = "neutral"


class RefreshOutcome(StrEnum):
    """How a `jjj refresh` (or rollback) run ended; STARTED is the line written when it takes the lock."""
    OK = "ok"
    DEGRADED = "degraded"
    NO_OP = "no-op"
    FAILED = "failed"
    REFUSED = "refused"
    ROLLED_BACK = "rolled-back"
    STARTED = "started"


class Change(StrEnum):
    """A row of the change log between two builds."""
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
KINDS: tuple[str, ...] = tuple(k.value for k in Kind)
QUALIFIERS: tuple[str, ...] = tuple(q.value for q in Qualifier)
BOUND_QUALIFIERS: tuple[str, ...] = (Qualifier.MORE_THAN.value, Qualifier.UP_TO.value)
APPROXIMATE_QUALIFIERS: tuple[str, ...] = (Qualifier.ABOUT.value, Qualifier.NEARLY.value)
RANGE_QUALIFIERS: tuple[str, ...] = (Qualifier.RANGE.value,)
DIRECTIONS: tuple[str, ...] = tuple(d.value for d in Direction)
RESTS_ON: tuple[str, ...] = tuple(r.value for r in RestsOn)
REFRESH_OUTCOMES: tuple[str, ...] = tuple(o.value for o in RefreshOutcome)
CHANGES: tuple[str, ...] = tuple(c.value for c in Change)

# Values of these period spans stand for a year; partial-year figures (Jan–Oct) are not comparable.
YEARLY_SPANS: tuple[str, ...] = ("year", "years", "document")

# Tables whose content a build writes from the catalog, in build order; `meta`, `etl_runs` and
# `changes` record the build itself.
DATA_TABLES: tuple[str, ...] = ("themes", "regions", "documents", "indicators", "observations", "targets",
                                "conflicts", "exclusions", "progress")
# Tables a build derives in SQL from the data tables before the swap (db/page_summaries.py): what the overview
# and the indicator page would otherwise compute from every observation, in every worker.
PAGE_TABLES: tuple[str, ...] = ("series_years", "series_documents")
# The tables the change log compares between two builds, and the fields of a row it compares: what a
# reader would call "the figure changed" (ids and catalog line numbers are bookkeeping).
CHANGE_LOG_TABLES: tuple[str, ...] = ("observations", "targets")
CHANGE_LOG_COMPARED: tuple[str, ...] = ("value", "value_low", "value_high", "unit", "qualifier", "qualifier_as_written",
                                        "value_as_written", "unit_as_written", "quote", "document_id")

# Every chart's plotly config: no plotly logo, and the chart follows its container's width.
GRAPH_CONFIG = {"displaylogo": False, "responsive": True}


def change_summary(table: str, counts: dict) -> str:
    """One table's line of a change summary: "observations +3 ~1 -0" (added, changed, removed)."""
    return f"{table} +{counts.get('added', 0)} ~{counts.get('changed', 0)} -{counts.get('removed', 0)}"


def readable_number(value: float) -> str:
    """A stored number in plain text (CLI tables, change log): six significant digits below a
    million, whole numbers with thousands separators from a million up, never an exponent."""
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
