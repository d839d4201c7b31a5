"""Malformed requests to Dash's own routes get a clean 400 or 404 instead of a 500 and a traceback.

Dash 4.4.1 trusts the body of /_dash-update-component: a JSON array, a missing key or an unknown
output raise deep inside it. Before Dash sees a body, it is checked against the callback it names:
a JSON object naming a registered output, with exactly that callback's inputs and states (same
ids and properties, in order). A page address carried as a value (dcc.Location's search, href)
gets the limits of a real address (dashboard.security). Anything else is a 400 naming what is
wrong. A bad /_dash-component-suites/ path (unknown library or file) is a 404.
"""
from __future__ import annotations

from typing import Any

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, request

from .security import query_problem

CALLBACK_ROUTE = "_dash-update-component"
_ADDRESS_PROPERTIES = frozenset({"search", "href"})  # dcc.Location values that are (parts of) a page address


def _text(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def _same_items(sent: Any, declared: list[dict], what: str) -> str | None:
    """Why the `inputs`/`state` list `sent` does not match the callback's `declared` dependencies, or None."""
    if not isinstance(sent, list) or len(sent) != len(declared):
        return f"'{what}' must list the callback's {len(declared)} {what}"
    for position, (item, want) in enumerate(zip(sent, declared)):
        if want["id"].startswith("{"):  # a pattern-matching id: the browser sends the concrete matches
            continue
        if not isinstance(item, dict) or item.get("id") != want["id"] or item.get("property") != want["property"]:
            return f"'{what}'[{position}] must be {{id: {want['id']!r}, property: {want['property']!r}, value}}"
    return None


def _address_problem(items: list[dict]) -> tuple[int, str] | None:
    for item in items:
        if item["property"] not in _ADDRESS_PROPERTIES or "value" not in item:
            continue
        value = item["value"]
        if value is not None and not isinstance(value, str):
            return 400, f"{item['id']}.{item['property']} must be text"
        problem = query_problem((value or "").partition("?")[2])
        if problem is not None:
            return problem
    return None


def callback_body_problem(body: Any, callback_map: dict) -> tuple[int, str] | None:
    """(status, message) when `body` is not a well-formed call of a registered callback, else None."""
    if not isinstance(body, dict):
        return 400, "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return 400, "'output' must name a registered callback"
    if not isinstance(body.get("outputs"), (dict, list)):
        return 400, "'outputs' must be an object or a list"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return 400, "'changedPropIds' must be a list of strings"
    spec = callback_map[output]
    for what, declared in (("inputs", spec["inputs"]), ("state", spec.get("state", []))):
        problem = _same_items(body.get(what, []), declared, what)
        if problem:
            return 400, problem
    return _address_problem([*body.get("inputs", []), *body.get("state", [])])


def register(app: Dash) -> None:
    """Guard Dash's callback route and answer bad component-suite paths with 404 (after Dash set its routes up)."""
    server = app.server
    endpoint = app.config.routes_pathname_prefix + CALLBACK_ROUTE
    dispatch = server.view_functions[endpoint]

    def guarded_dispatch(*args, **kwargs):
        body = request.get_json(silent=True)  # None for a body that is not JSON: a 400 below
        problem = callback_body_problem(body, app.callback_map)
        if problem is not None:
            return _text(problem[1], problem[0])
        return dispatch(*args, **kwargs)

    server.view_functions[endpoint] = guarded_dispatch

    @server.errorhandler(DependencyException)
    def _no_such_component_file(_error):
        return _text("no such component file", 404)
