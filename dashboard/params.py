"""Check the filters of a download or API request against what the database holds.

A typo must not silently widen a download (`?regoin=tianjin` would export every region), so an
unknown parameter, an unknown value or a repeated parameter is an error naming the parameter.
An empty value (or spaces only) means "no filter": a view with nothing selected links with `region=`.
Any other value must be one the database holds, exactly.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping


class FilterError(ValueError):
    """A bad request parameter; `parameter` names it, the message says what is wrong."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def check_filters(args: Mapping[str, list[str]], allowed: Iterable[str],
                  known: Mapping[str, Collection[str]], others: Iterable[str] = ()) -> dict[str, str]:
    """The filters of `args` (name → values given) as keyword arguments; FilterError if any is bad.

    `others`: parameters the address also accepts that the caller checks itself (paging); skipped here."""
    allowed, others = tuple(allowed), tuple(others)
    filters = {}
    for name, values in args.items():
        if name in others:
            continue
        if name not in allowed:
            accepted = ", ".join(allowed + others) or "none"
            raise FilterError(name, f"unknown parameter {name!r}; this address accepts: {accepted}")
        if len(values) > 1:
            raise FilterError(name, f"parameter {name!r} given {len(values)} times; give it once")
        value = values[0]
        if not value.strip(" "):  # only ASCII spaces, as the OpenAPI description says: other text must match
            continue
        if value not in known[name]:
            raise FilterError(name, f"unknown {name} {value!r}")
        filters[name] = value
    return filters


__all__ = ["FilterError", "check_filters"]
