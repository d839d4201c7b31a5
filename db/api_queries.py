"""Queries behind the JSON API: plain dicts, ready for json.dumps. Each takes a Connection.

The lists that grow with the data (indicators, an indicator's observations) are read a page at a
time in SQL (LIMIT/OFFSET over a stable order) with a count of all matching rows beside them.
"""
from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.engine import Connection

from .export import TIDY_COLUMNS, iter_progress_rows, iter_source_rows, iter_target_rows, progress_query, tidy_parts
from .schema import Indicator, Progress, Theme

INDICATOR_FIELDS = ("id", "zh", "en", "theme", "unit", "direction")


def indicator_page(conn: Connection, theme: str | None = None, region: str | None = None,
                   limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
    """A page of indicators (by id) with, per region, the latest yearly value, target and status (the
    progress table), and how many indicators match in all. With `region`, only indicators that have a
    progress row in that region."""
    q = select(*(Indicator.__table__.c[f] for f in INDICATOR_FIELDS))
    if theme:
        q = q.where(Indicator.theme == theme)
    if region:
        q = q.where(exists().where(Progress.indicator_id == Indicator.id, Progress.region_id == region))
    total = conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()
    page = q.order_by(Indicator.id).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    indicators = {row["id"]: {**row, "regions": []} for row in conn.execute(page).mappings()}
    if indicators:
        progress = progress_query(theme=theme, region=region).where(Progress.indicator_id.in_(list(indicators)))
        for p in conn.execute(progress).mappings():
            indicators[p["indicator_id"]]["regions"].append(region_summary(p))
    return list(indicators.values()), total


def indicator_list(conn: Connection, theme: str | None = None, region: str | None = None) -> list[dict]:
    """Every indicator (indicator_page without paging)."""
    return indicator_page(conn, theme=theme, region=region)[0]


def region_summary(p: dict) -> dict:
    """One progress row as the list shows it: latest value, target, status and what the status rests on."""
    return {
        "region_id": p["region_id"], "region_zh": p["region_zh"], "region_en": p["region_en"],
        "latest": None if p["current_year"] is None else {"year": p["current_year"], "value": p["current_value"]},
        "target": None if p["target_value"] is None else {"year": p["target_year"], "value": p["target_value"]},
        "status": p["status"],
        "rests_on": rests_on_list(p),
    }


def rests_on_list(p: dict) -> list[str]:
    """The progress row's rests_on ("bound,change_statement" in the table and CSV) as a JSON list."""
    return [x for x in (p.get("rests_on") or "").split(",") if x]


def indicator_detail(conn: Connection, indicator_id: str, region: str | None = None,
                     limit: int | None = None, offset: int = 0) -> dict | None:
    """Metadata, a page of observations (observed, change, derived) with their total, targets and
    progress; None if the indicator is unknown."""
    q = (select(Indicator.__table__, Theme.zh.label("theme_zh"), Theme.en.label("theme_en"))
         .join(Theme, Theme.id == Indicator.theme).where(Indicator.id == indicator_id))
    meta = conn.execute(q).mappings().first()
    if meta is None:
        return None
    observations, total = observation_page(conn, indicator_id, region, limit, offset)
    filters = {"indicator": indicator_id, "region": region}
    return {
        "indicator": dict(meta),
        "observations": observations,
        "observations_total": total,
        "targets": list(iter_target_rows(conn, **filters)),
        "progress": [{**p, "rests_on": rests_on_list(p)} for p in iter_progress_rows(conn, **filters)],
    }


def observation_page(conn: Connection, indicator_id: str, region: str | None, limit: int | None,
                     offset: int) -> tuple[list[dict], int]:
    """The indicator's observed, change and derived statements in the export's order, a page of them."""
    observations = tidy_parts(indicator=indicator_id, region=region, kind=None)[0].subquery()  # [0]: not targets
    total = conn.execute(select(func.count()).select_from(observations)).scalar_one()
    q = (select(*(observations.c[name] for name in TIDY_COLUMNS))
         .order_by(observations.c.region_id, observations.c.sort_year.nulls_last(), observations.c.kind,
                   observations.c.sort_key)
         .offset(offset))
    if limit is not None:
        q = q.limit(limit)
    return [dict(r) for r in conn.execute(q).mappings()], total


def sources(conn: Connection) -> list[dict]:
    return list(iter_source_rows(conn))


__all__ = ["indicator_page", "indicator_list", "indicator_detail", "observation_page", "sources", "region_summary"]
