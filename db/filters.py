"""The filters a download or API request may give, and every value each accepts in the database.
The request's parameters are checked against them in dashboard/params.py."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from vocab import KINDS

from .schema import Indicator, Region, Theme

FILTER_NAMES = ("indicator", "region", "theme", "kind")


def vocabulary(conn: Connection) -> dict[str, frozenset[str]]:
    """Every value each filter accepts."""
    return {
        "indicator": frozenset(conn.execute(select(Indicator.id)).scalars()),
        "region": frozenset(conn.execute(select(Region.id)).scalars()),
        "theme": frozenset(conn.execute(select(Theme.id)).scalars()),
        "kind": frozenset(KINDS),
    }


__all__ = ["FILTER_NAMES", "vocabulary"]
