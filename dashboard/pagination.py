"""Pages of the API's lists: `limit` and `offset`, the links to the neighbouring pages, and the
`Link` header (RFC 8288) that carries them.

A list that grows with the data (the indicators at a million observations: 1.37 MB) is served a
page at a time. Every answer says how many items there are in all and where the next page is, in
the body (`next`, `previous`) and in the `Link` header, so a client follows links and never
builds offsets itself. Pure functions: the routes in dashboard/api.py pass the request's pieces.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from .params import FilterError

PAGE_PARAMETERS = ("limit", "offset")
MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1  # an integer every database takes in OFFSET (a larger one overflowed SQLite: a 500)


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def parse_page(args: Mapping[str, list[str]], default_limit: int) -> Page:
    """`limit` (1…MAX_LIMIT, default `default_limit`) and `offset` (≥ 0, default 0); FilterError if bad."""
    return Page(_integer(args, "limit", default_limit, 1, MAX_LIMIT), _integer(args, "offset", 0, 0, MAX_OFFSET))


def _integer(args: Mapping[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    """A whole number in ASCII digits, nothing around it (as the OpenAPI description says)."""
    values = args.get(name)
    if not values:
        return default
    if len(values) > 1:
        raise FilterError(name, f"parameter {name!r} given {len(values)} times; give it once")
    text = values[0]
    if not (text.isascii() and text.isdigit()):
        raise FilterError(name, f"parameter {name!r} must be a whole number, not {text!r}")
    number = int(text)
    if not low <= number <= high:
        raise FilterError(name, f"parameter {name!r} must be between {low} and {high}, not {number}")
    return number


def page_links(path: str, filters: Mapping[str, str], page: Page, total: int) -> dict[str, str | None]:
    """URLs (root-relative, the request's filters kept) of the first, previous, next and last pages;
    previous/next are None at either end."""
    def url(offset: int) -> str:
        return f"{path}?{urlencode({**filters, 'limit': page.limit, 'offset': offset})}"

    last = max(0, (total - 1) // page.limit * page.limit)
    return {
        "first": url(0),
        "previous": url(max(0, page.offset - page.limit)) if page.offset > 0 else None,
        "next": url(page.offset + page.limit) if page.offset + page.limit < total else None,
        "last": url(last),
    }


LINK_RELATIONS = {"first": "first", "previous": "prev", "next": "next", "last": "last"}


def link_header(links: Mapping[str, str | None]) -> str:
    """`<url>; rel="next", …` for the links that exist."""
    return ", ".join(f'<{links[name]}>; rel="{rel}"' for name, rel in LINK_RELATIONS.items() if links.get(name))


__all__ = ["PAGE_PARAMETERS", "MAX_LIMIT", "MAX_OFFSET", "Page", "parse_page", "page_links", "link_header"]
