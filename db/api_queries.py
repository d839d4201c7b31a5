"""Queries behind the JSON API: plain dicts, ready for json.dumps. Each takes a Connection."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.engine import Connection

from .export import iter_progress_rows, iter_source_rows, iter_target_rows, iter_tidy_rows
from .schema import Indicator, Theme

INDICATOR_FIELDS = ("id", "zh", "en", "theme", "unit", "direction")


def indicator_list(conn: Connection, theme: Optional[str] = None, region: Optional[str] = None) -> list[dict]:
    """Each indicator with, per region, its latest yearly value, target and status (the progress table).

    With `region`, only indicators that have a progress row in that region.
    """
    q = select(*(Indicator.__table__.c[f] for f in INDICATOR_FIELDS)).order_by(Indicator.id)
    if theme:
        q = q.where(Indicator.theme == theme)
    indicators = {row["id"]: {**row, "regions": []} for row in conn.execute(q).mappings()}
    for p in iter_progress_rows(conn, theme=theme, region=region):
        if p["indicator_id"] in indicators:
            indicators[p["indicator_id"]]["regions"].append(region_summary(p))
    return [i for i in indicators.values() if i["regions"] or not region]


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


def indicator_detail(conn: Connection, indicator_id: str, region: Optional[str] = None) -> Optional[dict]:
    """Metadata, observations (observed, change, derived), targets and progress; None if unknown."""
    q = (select(Indicator.__table__, Theme.zh.label("theme_zh"), Theme.en.label("theme_en"))
         .join(Theme, Theme.id == Indicator.theme).where(Indicator.id == indicator_id))
    meta = conn.execute(q).mappings().first()
    if meta is None:
        return None
    filters = {"indicator": indicator_id, "region": region}
    return {
        "indicator": dict(meta),
        "observations": [r for r in iter_tidy_rows(conn, **filters) if r["kind"] != "target"],
        "targets": list(iter_target_rows(conn, **filters)),
        "progress": [{**p, "rests_on": rests_on_list(p)} for p in iter_progress_rows(conn, **filters)],
    }


def sources(conn: Connection) -> list[dict]:
    return list(iter_source_rows(conn))


__all__ = ["indicator_list", "indicator_detail", "sources", "region_summary"]
