"""Names of downloaded files: the content, the filters and the data date, e.g.
jjj-observations-theme-transport-2026-11-22.csv, so two downloads never overwrite each other."""
from __future__ import annotations

import re
from urllib.parse import quote

from .filters import FILTER_NAMES

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\"\s;]+')


def data_date(meta: dict[str, str]) -> str:
    """The date the data was built (meta built_at, an ISO timestamp), as YYYY-MM-DD."""
    return meta["built_at"][:10]


def export_filename(content: str, filters: dict[str, str], date: str, ext: str) -> str:
    """`jjj-<content>[-<filter>-<value>...]-<date>.<ext>`, filters in a fixed order."""
    parts = ["jjj", content, *(f"{k}-{filters[k]}" for k in FILTER_NAMES if filters.get(k)), date]
    return _UNSAFE.sub("_", "-".join(parts)) + "." + ext


def content_disposition(filename: str) -> str:
    """An attachment header; a non-ASCII name gets an ASCII fallback plus RFC 5987 filename*."""
    if filename.isascii():
        return f'attachment; filename="{filename}"'
    fallback = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


__all__ = ["data_date", "export_filename", "content_disposition"]
