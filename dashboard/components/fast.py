"""Dash components built without Dash's generated constructor, for the parts a page builds by the hundred
(overview cards, statements).

Dash's constructor checks every keyword against the component's props (to name a wrong one), records
which were given and sets them: 20–50 µs a component, most of what a card costs to build
(bench/profile_callbacks.py). make(cls, children, **props) gives an instance of the same class with the
same attributes, as the constructor would set them (its class-level lists, then `children`, None when
not given, then the props), so to_plotly_json() and the page's JSON are the same and tests walk it as
any component (tests/test_fast_components.py). Only the checks are skipped: call sites pass fixed,
literal prop names, and the first call of each class with each set of prop names goes through the real
constructor, which checks them.
"""
from __future__ import annotations

import threading
from typing import Any, TypeVar

from dash.development.base_component import Component

C = TypeVar("C", bound=Component)

_common: dict[type, dict[str, Any]] = {}  # class -> the attributes its constructor sets whatever the props
_checked: set[tuple[type, frozenset[str]]] = set()  # (class, prop names) the real constructor has accepted
_lock = threading.Lock()


def _learn(cls: type[C], children, props: dict) -> C:
    """Build with Dash's constructor (checking the props) and remember what it set besides them."""
    component = cls(children, **props)
    with _lock:
        _common[cls] = {k: v for k, v in vars(component).items() if k != "children" and k not in props}
        _checked.add((cls, frozenset(props)))
    return component


def make(cls: type[C], children=None, **props) -> C:
    """cls(children, **props), as Dash's constructor would build it, without its checks."""
    common = _common.get(cls)
    if common is None or (cls, frozenset(props)) not in _checked:
        return _learn(cls, children, props)
    component = cls.__new__(cls)
    attributes = vars(component)
    attributes.update(common)
    attributes["children"] = children
    attributes.update(props)
    return component


__all__ = ["make"]
