"""Read queries shared by the CLI, the exports and the dashboard. Each takes a Connection."""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import TypeVar

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection

from vocab import KINDS
from vocab import Change as ChangeType  # added, changed, removed (Change below is the table)

from . import records
from .export import TIDY_COLUMNS, tidy_parts, tidy_query
from .schema import (
    Change,
    Conflict,
    Document,
    EtlRun,
    Indicator,
    Meta,
    Observation,
    Progress,
    Region,
    SeriesDocument,
    SeriesYear,
    Target,
    Theme,
)

R = TypeVar("R")


def meta(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(Meta.key, Meta.value)).all())


def stats(conn: Connection) -> dict:
    """Counts per document, theme and kind; the targets; the conflicts."""
    obs = conn.execute(select(Observation.document_id, Indicator.theme, Observation.kind, func.count())
                       .join(Indicator, Indicator.id == Observation.indicator_id)
                       .group_by(Observation.document_id, Indicator.theme, Observation.kind)).all()
    tgt = conn.execute(select(Target.document_id, Indicator.theme, func.count())
                       .join(Indicator, Indicator.id == Target.indicator_id)
                       .group_by(Target.document_id, Indicator.theme)).all()
    counts = [(doc, theme, kind, n) for doc, theme, kind, n in obs] + \
             [(doc, theme, "target", n) for doc, theme, n in tgt]
    docs = conn.execute(select(Document.id, Document.date).order_by(Document.id)).all()
    themes = conn.execute(select(Theme.id, func.count(Indicator.id))
                          .join(Indicator, Indicator.theme == Theme.id, isouter=True)
                          .group_by(Theme.id, Theme.position).order_by(Theme.position)).all()

    def row(label, extra, match):
        per = [sum(n for d, t, k, n in counts if match(d, t) and k == kind) for kind in KINDS]
        return (label, extra, *per, sum(per))

    return {
        "meta": meta(conn),
        "per_document": [row(d, date, lambda doc, _t, d=d: doc == d) for d, date in docs],
        "per_theme": [row(t, n, lambda _d, theme, t=t: theme == t) for t, n in themes],
        "targets": [tuple(r) for r in conn.execute(
            select(Target.indicator_id, Target.region_id, Target.target_year, Target.value, Target.unit,
                   Target.value_as_written + Target.unit_as_written)
            .order_by(Target.indicator_id, Target.region_id, Target.target_year)).all()],
        "conflicts": [tuple(r) for r in conn.execute(
            select(Conflict.indicator_id, Conflict.region_id, Conflict.period, Conflict.kind, Conflict.status,
                   Conflict.note).order_by(Conflict.indicator_id, Conflict.region_id, Conflict.period)).all()],
    }


__all__ = ["stats", "meta"]


# --- Dashboard and API reads: each returns records (db/records.py); the dashboard caches them by data version ---

def _records(conn: Connection, query, record_type: type[R], params: dict | None = None) -> list[R]:
    result = conn.execute(query, params)
    keys = tuple(result.keys())
    return records.from_rows(record_type, keys, result.fetchall())  # one fetchall (iterating fetches row by row)


def _dicts(conn: Connection, query, params: dict | None = None) -> list[dict]:
    result = conn.execute(query, params)
    keys = tuple(result.keys())
    return [dict(zip(keys, row)) for row in result.fetchall()]


def theme_list(conn: Connection) -> list[records.Theme]:
    return _records(conn, select(Theme.id, Theme.zh, Theme.en).order_by(Theme.position), records.Theme)


def region_list(conn: Connection) -> list[records.Region]:
    return _records(conn, select(Region.id, Region.zh, Region.en, Region.level, Region.parent_id).order_by(Region.id),
                    records.Region)


def indicator_list(conn: Connection) -> list[records.Indicator]:
    return _records(conn, select(Indicator.id, Indicator.zh, Indicator.en, Indicator.theme, Indicator.unit,
                                 Indicator.direction, Indicator.definition, Indicator.definition_zh)
                    .order_by(Indicator.id), records.Indicator)


def progress_list(conn: Connection) -> list[records.ProgressRow]:
    """Every progress row (one per indicator and region)."""
    return _records(conn, select(Progress.__table__).order_by(Progress.indicator_id, Progress.region_id),
                    records.ProgressRow)


def level_points(conn: Connection, *, indicator_id: str | None = None,
                 region_id: str | None = None) -> list[records.SeriesPoint]:
    """Observed and derived levels with their source, oldest first: the points a chart draws."""
    query = _level_points_select(bool(indicator_id), bool(region_id))  # built once: this is the hot path
    return _records(conn, query, records.SeriesPoint,
                    {"indicator_id": indicator_id or None, "region_id": region_id or None})


@lru_cache(maxsize=4)
def _level_points_select(by_indicator: bool, by_region: bool):
    return level_points_query(bindparam("indicator_id") if by_indicator else None,
                              bindparam("region_id") if by_region else None)


def level_points_query(indicator_id=None, region_id=None):
    """The select behind level_points (bench/ runs its SQL text through raw sqlite3 as the floor);
    the filters are values or bind parameters."""
    q = (select(Observation.id, Observation.key, Observation.indicator_id, Observation.region_id, Observation.kind,
                Observation.period, Observation.year, Observation.period_span, Observation.value,
                Observation.unit, Observation.qualifier, Observation.value_as_written, Observation.unit_as_written,
                Observation.quote, Observation.formula, Observation.document_id,
                Document.title.label("document_title"), Document.title_en.label("document_title_en"),
                Document.date.label("document_date"))
         .join(Document, Document.id == Observation.document_id)
         .where(Observation.kind.in_(("observed", "derived")))
         .order_by(Observation.indicator_id, Observation.region_id, Observation.year, Observation.key))
    if indicator_id is not None:
        q = q.where(Observation.indicator_id == indicator_id)
    if region_id is not None:
        q = q.where(Observation.region_id == region_id)
    return q


def series_years(conn: Connection) -> dict[tuple[str, str], list[tuple[int, float]]]:
    """{(indicator, region): [(year, value), ...]} oldest first: one value a year (the mean of that
    year's observed and derived levels whose period stands for a year), as the build stored it in
    `series_years` (db/page_summaries.py). What sparklines and series pickers need, in a few bytes a year."""
    s = SeriesYear
    q = select(s.indicator_id, s.region_id, s.year, s.value).order_by(s.indicator_id, s.region_id, s.year)
    out: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for indicator_id, region_id, year, value in conn.execute(q):
        out.setdefault((indicator_id, region_id), []).append((year, value))
    return out


def series_documents(conn: Connection, *, indicator_id: str) -> list[records.SeriesDocument]:
    """How many observations and targets each document gives about the indicator, per region, as the
    build counted them in `series_documents`: one small indexed read."""
    s = SeriesDocument
    return _records(conn, select(s.region_id, s.document_id, s.observations, s.targets)
                    .where(s.indicator_id == indicator_id).order_by(s.region_id, s.document_id),
                    records.SeriesDocument)


_DOCUMENT_OF_STATEMENT = (Document.title.label("document_title"), Document.title_en.label("document_title_en"),
                          Document.date.label("document_date"))


def _statements(conn: Connection, observations_where=None, targets_where=None, observations_order=(),
                targets_order=(), limit: int | None = None) -> list[records.Statement]:
    """Observations (filtered by `observations_where`, if given) and targets (by `targets_where`), each with
    its document, as Statement records; a target's kind is "target", its period and year its target year."""
    out: list[records.Statement] = []
    if observations_where is not None:
        q = (select(Observation.__table__, *_DOCUMENT_OF_STATEMENT)
             .join(Document, Document.id == Observation.document_id)
             .where(observations_where).order_by(*observations_order))
        out += _records(conn, q.limit(limit) if limit is not None else q, records.Statement)
    if targets_where is not None:
        tgt = _dicts(conn, select(Target.__table__, *_DOCUMENT_OF_STATEMENT)
                     .join(Document, Document.id == Target.document_id)
                     .where(targets_where).order_by(*targets_order))
        for t in tgt:
            t.update(kind="target", period=str(t["target_year"] or ""), year=t["target_year"])
        out += [records.Statement(**row) for row in tgt]  # a few targets: no need to bypass __init__
    return out


def indicator_targets(conn: Connection, *, indicator_id: str) -> list[records.Statement]:
    """The indicator's targets as statements, by region, year and key."""
    return _statements(conn, targets_where=Target.indicator_id == indicator_id,
                       targets_order=(Target.region_id, Target.target_year, Target.key))


def statement_order(s: records.Statement) -> tuple:
    """The order the evidence lists statements in: year (a target without one first), kind, key."""
    return s.year or 0, s.kind, s.key


def newest_statements(conn: Connection, *, indicator_id: str, region_id: str,
                      limit: int) -> list[records.Statement]:
    """The last `limit` statements about one indicator and region in statement_order (observations of every
    kind and targets), oldest of them first. The observations come newest first through the series index,
    so a series of thousands of months costs `limit` rows."""
    if limit <= 0:
        return []
    key = Observation.key
    if conn.dialect.name == "postgresql":  # order keys by code point, as Python does, not by the locale
        key = key.collate("C")
    found = _statements(
        conn, observations_where=(Observation.indicator_id == indicator_id) & (Observation.region_id == region_id),
        observations_order=(Observation.year.desc(), Observation.kind.desc(), key.desc()), limit=limit,
        targets_where=(Target.indicator_id == indicator_id) & (Target.region_id == region_id))
    return sorted(found, key=statement_order)[-limit:]


def statements_by_key(conn: Connection, *, keys: tuple[str, ...]) -> Mapping[str, records.Statement]:
    """The statements (observations and targets) with these keys, with their documents, by key."""
    if not keys:
        return MappingProxyType({})
    found = _statements(conn, observations_where=Observation.key.in_(keys), targets_where=Target.key.in_(keys))
    return MappingProxyType({s.key: s for s in found})


def conflict_list(conn: Connection, *, indicator_id: str | None = None) -> list[records.Conflict]:
    q = select(Conflict.__table__).order_by(Conflict.indicator_id, Conflict.region_id, Conflict.period)
    if indicator_id:
        q = q.where(Conflict.indicator_id == indicator_id)
    return _records(conn, q, records.Conflict)


def target_list(conn: Connection, *, year: int | None = None) -> list[records.Target]:
    q = select(Target.__table__).order_by(Target.indicator_id, Target.region_id, Target.target_year)
    if year is not None:
        q = q.where(Target.target_year == year)
    return _records(conn, q, records.Target)


def document_list(conn: Connection) -> list[records.Document]:
    """Documents with how many figures (observations) and targets each gave, as the build counted them."""
    s = SeriesDocument
    per = (select(s.document_id, func.sum(s.observations).label("n_obs"), func.sum(s.targets).label("n_tgt"))
           .group_by(s.document_id).subquery())
    return _records(conn, select(Document.__table__, func.coalesce(per.c.n_obs, 0).label("n_figures"),
                                 func.coalesce(per.c.n_tgt, 0).label("n_targets"))
                    .join(per, per.c.document_id == Document.id, isouter=True)
                    .order_by(Document.date.desc(), Document.id), records.Document)


def header_facts(conn: Connection) -> records.HeaderFacts:
    """What the dashboard header shows: build time, version and counts."""
    facts = meta(conn)
    return records.HeaderFacts(
        built_at=facts.get("built_at", ""), data_version=facts.get("data_version", ""),
        indicators=conn.execute(select(func.count()).select_from(Indicator)).scalar_one(),
        documents=conn.execute(select(func.count()).select_from(Document)).scalar_one())


__all__ += ["theme_list", "region_list", "indicator_list", "progress_list", "level_points",
            "series_documents", "indicator_targets", "newest_statements", "statements_by_key",
            "statement_order", "conflict_list", "target_list", "document_list", "header_facts"]


# --- The refresh job's reads: the live statements to diff against, the runs and their change log ---

_SNAPSHOT_KEYS = ("key", "indicator_id", "region_id")


def statement_snapshot(conn: Connection, compared: tuple[str, ...]) -> dict[str, list[dict]]:
    """Observations and targets with their keys and the `compared` columns: the change log's own list
    (etl/changelog.COMPARED), so that the snapshot can never leave out a column the diff compares."""
    columns = tuple(dict.fromkeys(_SNAPSHOT_KEYS + tuple(compared)))
    obs = select(*(Observation.__table__.c[c] for c in columns), Observation.kind, Observation.period)
    tgt = select(*(Target.__table__.c[c] for c in columns), Target.target_year)
    return {"observations": _dicts(conn, obs.order_by(Observation.key)),
            "targets": _dicts(conn, tgt.order_by(Target.key))}


def run_list(conn: Connection) -> list[records.Run]:
    """The builds recorded in this database, newest first, with how many changes each made."""
    n_changes = (select(func.count()).where(Change.run_id == EtlRun.id).correlate(EtlRun).scalar_subquery())
    return _records(conn, select(EtlRun.__table__, n_changes.label("n_changes")).order_by(EtlRun.id.desc()),
                    records.Run)


# The change log's order: newest run first, corrections ("changed") before additions and removals, then by
# series; the id last, so the order is total and pages of it never overlap or skip. Each (run, kind of change)
# group is counted and cut in order on ix_changes_order: a page of a million-row log walks the index (0.2-0.4 s)
# instead of sorting the log (1.6-3.3 s). A kind the vocabulary does not know (none is written) comes last.
_CHANGE_RANK = {ChangeType.CHANGED: 0, ChangeType.ADDED: 1, ChangeType.REMOVED: 2}


def _within_group(c) -> tuple:
    return (c.table_name, c.indicator_id, c.region_id, c.period, c.key, c.id)


def change_list(conn: Connection, *, run_id: int | None = None, limit: int | None = None,
                offset: int = 0) -> list[records.Change]:
    """Change-log entries (of one run, or all) in the change log's order, with indicator and region names;
    `limit` of them from the `offset`-th (a first build adds every statement: a million at scale), so a cut
    never hides a correction behind additions. The names are joined to the cut rows only."""
    c = Change.__table__.c
    sizes = select(c.run_id, c.change, func.count()).group_by(c.run_id, c.change)
    if run_id is not None:
        sizes = sizes.where(c.run_id == run_id)
    groups = sorted(conn.execute(sizes).all(), key=lambda g: (-g[0], _CHANGE_RANK.get(g[1], len(_CHANGE_RANK)), g[1]))
    entries: list[records.Change] = []
    for run, change, size in groups:
        if offset >= size:
            offset -= size
            continue
        take = size - offset if limit is None else min(limit - len(entries), size - offset)
        cut = (select(Change.__table__).where(c.run_id == run, c.change == change).order_by(*_within_group(c))
               .offset(offset).limit(take).subquery())
        q = (select(cut, Indicator.zh.label("indicator_zh"), Indicator.en.label("indicator_en"),
                    Region.zh.label("region_zh"), Region.en.label("region_en"))
             .join(Indicator, Indicator.id == cut.c.indicator_id, isouter=True)
             .join(Region, Region.id == cut.c.region_id, isouter=True)
             .order_by(*_within_group(cut.c)))
        entries += _records(conn, q, records.Change)
        offset = 0
        if limit is not None and len(entries) >= limit:
            break
    return entries


__all__ += ["statement_snapshot", "run_list", "change_list"]


def tidy_page(conn: Connection, *, limit: int, **filters) -> tuple[list[dict], int]:
    """The first `limit` tidy rows that match `filters` (as the CSV orders them), and how many match:
    a screen shows a page of a million statements, never all of them. Plain rows (TIDY_COLUMNS), as the
    exports stream them: they go to a grid as they are."""
    total = sum(conn.execute(select(func.count()).select_from(part.subquery())).scalar_one()
                for part in tidy_parts(**filters))
    rows = conn.execute(tidy_query(**filters).limit(limit))
    return [dict(zip(TIDY_COLUMNS, row)) for row in rows], total  # the sort columns left out


__all__ += ["tidy_page", "series_years"]
