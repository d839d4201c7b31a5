"""Names of downloaded files: the content, the filters and the data date, e.g.
jjj-observations-theme-transport-2026-11-22.csv, so two downloads never overwrite each other."""
from __future__ import annotations

import re

from .filters import FILTER_NAMES

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\"\s;]+')


def data_date(meta: dict[str, str]) -> str:
    """The date the data was built (meta built_at, an ISO timestamp), as YYYY-MM-DD."""
    return meta["built_at"][:10]


def export_filename(content: str, filters: dict[str, str], date: str, ext: str) -> str:
    """`jjj-<content>[-<filter>-<value>...]-<date>.<ext>`, filters in a fixed order."""
    parts = ["jjj", content, *(f"{k}-{filters[k]}" for k in FILTER_NAMES if filters.get(k)), date]
    return _UNSAFE.sub("_", "-".join(parts)) + "." + ext


__all__ = ["data_date", "export_filename"]
