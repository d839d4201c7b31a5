"""What each exported column means: its type, description and unit.

One definition serves the xlsx "columns" sheet and the Frictionless data package, so the two
never disagree. Types are Frictionless field types (string, integer, number, boolean).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    unit: str | None = None  # a fixed unit; None where the `unit` column gives it row by row


_IN_UNIT = "in the canonical unit given by the `unit` column"
_RATE = "compound annual growth rate, as a fraction (0.05 = 5 % a year)"
_DOCS = [
    Column("key", "string", "The statement's stable key: document|kind|indicator|region|period|."),
    Column("indicator_id", "string", "Indicator id (a slug; the same concept in every region)."),
    Column("indicator_zh", "string", "Indicator name in Chinese."),
    Column("indicator_en", "string", "Indicator name in English."),
    Column("theme", "string", "Theme id of the indicator (transport, port-trade, environment, ...)."),
    Column("region_id", "string", "Region id (jjj, beijing, tianjin, hebei, districts, parks, the port)."),
    Column("region_zh", "string", "Region name in Chinese."),
    Column("region_en", "string", "Region name in English."),
    Column("period", "string",
           "Period of the value: a year (2024), a month (2024-06), months of a year (2025-01/2025-10), "
           "a multi-year span (2014/2024); for targets, the target year."),
    Column("kind", "string",
           "observed (a level stated in a document), change (a stated change), derived (a level computed "
           "from a stated level and change) or target (a goal)."),
    Column("value", "number", f"The number, normalized (magnitudes such as 万 and 亿 applied), {_IN_UNIT}."),
    Column("value_low", "number", f"Lower end of the value (a range's low end; otherwise the value), {_IN_UNIT}."),
    Column("value_high", "number", f"Upper end of the value (a range's high end; otherwise the value), {_IN_UNIT}."),
    Column("unit", "string", "Canonical unit (TEU, km, CNY, percent, pp, ...); for progress rows the "
                             "indicator's unit, which every value of the row is in."),
    Column("value_as_written", "string", "The number exactly as the document writes it."),
    Column("unit_as_written", "string", "The unit exactly as the document writes it, magnitude included."),
    Column("qualifier", "string",
           "exact, more_than (a lower bound: 超/突破), nearly (近), about (约), up_to (以内) or range."),
    Column("qualifier_as_written", "string", "The qualifying word as written in the document, if any."),
    Column("base_period", "string", "For a change: the period compared with."),
    Column("source_id", "string", "Id of the source document (see the sources)."),
    Column("source_title", "string", "Title of the source document."),
    Column("source_date", "string", "Date of the source document (YYYY, YYYY-MM or YYYY-MM-DD)."),
    Column("quote", "string", "The statement, verbatim from the document."),
    Column("period_from_document", "boolean", "True when the text gives no period and the document's date is used."),
    Column("formula", "string", "For a derived value: how it was computed."),
    Column("inputs", "string", "For a derived value: JSON list of the keys of the statements it uses."),
    Column("note", "string", "Note by the cataloguer."),
    Column("catalog_ref", "string", "Where the statement is coded in the catalog (file:line)."),
    Column("target_year", "integer", "Year the target is set for; empty when the text states none."),
    Column("baseline_year", "integer", "Year of the baseline value: 2014 (the strategy's launch), else the first "
           "year after it; empty where no level from 2014 on precedes the current one (a change statement, "
           "rate_from_year to rate_to_year, may then be the reference)."),
    Column("baseline_value", "number", f"Baseline value, {_IN_UNIT}."),
    Column("current_year", "integer", "Year of the latest yearly value."),
    Column("current_value", "number", f"Latest yearly value, {_IN_UNIT}."),
    Column("target_value", "number", f"Target value, {_IN_UNIT}."),
    Column("observed_rate", "number", f"Observed {_RATE}, baseline to current.", "fraction per year"),
    Column("required_rate", "number", f"Required {_RATE}, baseline to target.", "fraction per year"),
    Column("rate_now_required", "number", f"Required {_RATE}, current value to target.", "fraction per year"),
    Column("ratio", "number", "Direction × observed rate / |required rate|: ≥ 0.95 substantial, 0.60–0.95 "
                              "moderate, 0–0.60 limited, < 0 deterioration.", "ratio"),
    Column("projected_value", "number", f"Target-year value projected at the observed rate, {_IN_UNIT}."),
    Column("status", "string",
           "achieved, substantial, moderate, limited, deterioration or not_assessed."),
    Column("reason", "string", "Why the status is what it is: the method's steps and caveats."),
    Column("rests_on_bound", "boolean", "True when a value used is a bound (超/以内), so the verdict is too."),
    Column("baseline_qualifier", "string", "Qualifier of the baseline value (exact, more_than, about, ...)."),
    Column("baseline_kind", "string", "observed, or derived (computed from a stated level and a change)."),
    Column("current_qualifier", "string", "Qualifier of the current value (exact, more_than, about, ...)."),
    Column("current_kind", "string", "observed, or derived (computed from a stated level and a change)."),
    Column("rate_from_year", "integer", "First year of the span the observed rate covers."),
    Column("rate_to_year", "integer", "Last year of the span the observed rate covers."),
    Column("from_change_statement", "boolean", "True when the observed rate comes from a change statement "
           "(比2014年下降57.2%) rather than from two levels."),
    Column("rests_on", "string", "What the status rests on besides exact stated levels, comma-separated: bound "
           "(超/以内), approximation (约/近), range (二三百), change_statement, derived; empty when none "
           "or when not assessed."),
    Column("id", "string", "Document id."),
    Column("file", "string", "File name of the document's text in sources/."),
    Column("title", "string", "Title in Chinese."),
    Column("title_en", "string", "Title in English."),
    Column("author", "string", "Author or publishing body, as printed."),
    Column("author_en", "string", "Author or publishing body, in English."),
    Column("date", "string", "Date of the document (YYYY, YYYY-MM or YYYY-MM-DD)."),
    Column("date_precision", "string", "year, month or day."),
    Column("date_evidence", "string", "How the date was established from the text."),
    Column("sha256", "string", "SHA-256 of the document's text file."),
]
COLUMN_DOCS: dict[str, Column] = {c.name: c for c in _DOCS}
# A name that means something else in one table.
_TABLE_DOCS = {"sources": {"kind": Column("kind", "string", "Kind of document (article, newspaper page, ...).")}}


def describe(columns, table: str | None = None) -> list[Column]:
    """The definitions of `columns`, in order; KeyError names a column nobody described."""
    own = _TABLE_DOCS.get(table, {})
    return [own.get(name) or COLUMN_DOCS[name] for name in columns]


__all__ = ["Column", "COLUMN_DOCS", "describe"]
