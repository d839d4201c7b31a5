"""The pages' summary tables (vocab.PAGE_TABLES), derived in SQL inside the new database before the swap.

The overview needs one value a year per series and the indicator page needs, per region, how many
statements each document gives. Computed per request, both read every observation (12 s at a million, in
every worker); here each is one INSERT … SELECT … GROUP BY run by the database on the build's connection,
so nothing is held in Python per row. Both writers call `write_page_summaries` after observations and targets
are written (db/write.py for a dataset in memory, etl/stream_build.py for the streamed build) and
`summary_problem` with the build's other checks (db/write._check_counts). SQLAlchemy Core statements,
so the PostgreSQL build's schema_translate_map names the build schema.
"""
from __future__ import annotations

from sqlalchemy import func, insert, literal, select, union_all
from sqlalchemy.engine import Connection

from vocab import YEARLY_SPANS, Kind

from .schema import Observation, SeriesDocument, SeriesYear, Target

LEVEL_KINDS = (Kind.OBSERVED.value, Kind.DERIVED.value)  # the kinds a chart draws as levels


def yearly_levels_select():
    """(indicator, region, year, mean value) of the levels whose period stands for a year: what
    series_years holds, and what the overview computed from every observation before schema 6."""
    o = Observation
    return (select(o.indicator_id, o.region_id, o.year, func.avg(o.value).label("value"))
            .where(o.kind.in_(LEVEL_KINDS), o.period_span.in_(YEARLY_SPANS), o.year.is_not(None))
            .group_by(o.indicator_id, o.region_id, o.year))


def statements_per_document_select():
    """(indicator, region, document, observations, targets): the statements of every kind, counted."""
    o, t = Observation, Target
    per_table = union_all(
        select(o.indicator_id, o.region_id, o.document_id, func.count().label("n_obs"), literal(0).label("n_tgt"))
        .group_by(o.indicator_id, o.region_id, o.document_id),
        select(t.indicator_id, t.region_id, t.document_id, literal(0), func.count())
        .group_by(t.indicator_id, t.region_id, t.document_id)).subquery()
    p = per_table.c
    return (select(p.indicator_id, p.region_id, p.document_id, func.sum(p.n_obs), func.sum(p.n_tgt))
            .group_by(p.indicator_id, p.region_id, p.document_id))


def write_page_summaries(conn: Connection) -> None:
    """Fill the summary tables from the observations and targets already written on `conn`."""
    conn.execute(insert(SeriesYear).from_select(["indicator_id", "region_id", "year", "value"],
                                                yearly_levels_select()))
    conn.execute(insert(SeriesDocument).from_select(
        ["indicator_id", "region_id", "document_id", "observations", "targets"], statements_per_document_select()))


def summary_problem(conn: Connection) -> str | None:
    """Whether the summaries cover what they summarize (every statement counted once, one row per series
    and year): None, or what is wrong, naming the table and both numbers."""
    def count(query) -> int:
        return conn.execute(query).scalar_one() or 0

    for table, column in ((Observation, SeriesDocument.observations), (Target, SeriesDocument.targets)):
        written, counted = count(select(func.count()).select_from(table)), count(select(func.sum(column)))
        if counted != written:
            return f"table series_documents: {counted} {column.name} counted, {written} written"
    years = count(select(func.count()).select_from(yearly_levels_select().subquery()))
    stored = count(select(func.count()).select_from(SeriesYear))
    if stored != years:
        return f"table series_years: {stored} rows, {years} series-years in observations"
    return None


__all__ = ["write_page_summaries", "summary_problem", "yearly_levels_select", "statements_per_document_select",
           "LEVEL_KINDS"]
