"""A view's state lives in the query string so that every view is a link. Pure functions."""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode

from .i18n import DEFAULT_LANG, normalize_lang


def build_search(params: dict) -> str:
    """"?a=1&b=x,y" from a dict; empty values and the default language are left out (shorter links)."""
    clean = {}
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value if v)
        if value in (None, "", False):
            continue
        if key == "lang" and value == DEFAULT_LANG:
            continue
        clean[key] = value
    return "?" + urlencode(clean, safe=",:") if clean else ""


def parse_search(search: str | None) -> dict[str, str]:
    return dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))


def with_lang(pathname: str | None, search: str | None, lang: str) -> str:
    """The same view in another language: only `lang` changes."""
    params = parse_search(search)
    params["lang"] = normalize_lang(lang)
    return (pathname or "/") + build_search(params)


def split_list(value) -> list[str]:
    """"a,b" or ["a", "b"] (a repeated parameter) → ["a", "b"]."""
    if not value:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [item.strip() for item in items if item and item.strip()]


def single(value) -> str | None:
    """One value of a parameter that may be given twice (Dash passes a list then): the first counts."""
    if isinstance(value, (list, tuple)):
        return str(value[0]) if value else None
    return value


def checked(name: str, value, allowed: Iterable[str], problems: list[tuple[str, str]]) -> str | None:
    """`value` when it is allowed; otherwise None, and the bad parameter is noted for the page to say so."""
    if value in (None, ""):
        return None
    value = single(value)
    if value in set(allowed):
        return value
    problems.append((name, str(value)))
    return None
