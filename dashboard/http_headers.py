"""HTTP headers the dashboard's routes build."""
from __future__ import annotations

from urllib.parse import quote


def content_disposition(filename: str) -> str:
    """An attachment header; a non-ASCII name gets an ASCII fallback plus RFC 5987 filename*."""
    if filename.isascii():
        return f'attachment; filename="{filename}"'
    fallback = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


__all__ = ["content_disposition"]
