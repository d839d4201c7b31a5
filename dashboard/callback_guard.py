"""Malformed requests to Dash's own routes get a clean 400 or 404 instead of a 500 and a traceback.

Dash 4 trusts the body of /_dash-update-component: a JSON array, a missing key or an unknown
output raise deep inside it. Before Dash sees a body, it is checked against the callback it names:
a JSON object naming a registered server callback, with exactly its outputs, inputs and states
(same ids and properties, in order), values of the shape the browser sends for their property
(VALUE_SHAPES), and page addresses (dcc.Location's search, href) within the limits of a real
address (dashboard.security). Anything else is a 400 naming what is wrong. A bad
/_dash-component-suites/ path (unknown library or file) is a 404.

The page callbacks' answers are kept per data version (dashboard.response_cache): a body seen before
(byte for byte, so already checked) is answered from there without running Dash.
"""
from __future__ import annotations

from typing import Any

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, request

from . import response_cache
from .security import query_problem

CALLBACK_ROUTE = "_dash-update-component"
_ADDRESS_PROPERTIES = frozenset({"search", "href"})  # dcc.Location values that are (parts of) a page address
_SCALARS = (str, int, float, bool)


def _is_scalar_or_list_of_scalars(value) -> bool:
    return value is None or isinstance(value, _SCALARS) or (
        isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value))


# What the browser sends for these properties, whichever component: anything else is not a browser's call.
# (dcc.Store's `data` can hold anything; the callbacks reading it check it themselves.)
VALUE_SHAPES = {
    "pathname": (lambda v: isinstance(v, str), "text"),
    "search": (lambda v: v is None or isinstance(v, str), "text"),
    "href": (lambda v: v is None or isinstance(v, str), "text"),
    "value": (_is_scalar_or_list_of_scalars, "a value or a list of values"),
    "virtualRowData": (lambda v: v is None or (isinstance(v, list) and all(isinstance(r, dict) for r in v)),
                       "a list of rows"),
}


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


def _value_problem(items: list[dict], prefix: str) -> tuple[int, str] | None:
    """A value of the wrong shape (400), or a page address over the limits of a real one (414/400)."""
    for item in items:
        if not isinstance(item, dict):  # the matches of a pattern-matching input: Dash checks those
            continue
        value = item.get("value")
        shape = VALUE_SHAPES.get(item["property"])
        if shape is not None and not shape[0](value):
            return 400, f"{item['id']}.{item['property']} must be {shape[1]}"
        if item["property"] == "pathname" and not value.startswith(prefix):
            return 400, f"{item['id']}.pathname must be an address under {prefix}"
        if item["property"] in _ADDRESS_PROPERTIES:
            problem = query_problem((value or "").partition("?")[2])
            if problem is not None:
                return problem
    return None


def _declared_outputs(output: str) -> list[str]:
    """"..a.children...b.data.." → ["a.children", "b.data"]; "url.search@<hash>" → ["url.search"]."""
    return [part.split("@")[0] for part in output.strip(".").split("...")] if output.startswith("..") \
        else [output.split("@")[0]]


def _outputs_problem(outputs: Any, output: str) -> str | None:
    sent = outputs if isinstance(outputs, list) else [outputs]
    # the renderer sends a duplicate-allowed output's property with its "@<hash>", as in the output key
    names = [f"{o.get('id')}.{str(o.get('property')).split('@')[0]}" if isinstance(o, dict) else None for o in sent]
    if names != _declared_outputs(output) or isinstance(outputs, list) != output.startswith(".."):
        return "'outputs' must be the callback's outputs as {id, property}"
    return None


def callback_body_problem(body: Any, callback_map: dict, prefix: str = "/") -> tuple[int, str] | None:
    """(status, message) when `body` is not a well-formed call of a registered callback, else None."""
    if not isinstance(body, dict):
        return 400, "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or "callback" not in callback_map.get(output, {}):
        return 400, "'output' must name a registered server callback"  # clientside ones run in the browser
    problem = _outputs_problem(body.get("outputs"), output)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        problem = problem or "'changedPropIds' must be a list of strings"
    spec = callback_map[output]
    for what, declared in (("inputs", spec["inputs"]), ("state", spec.get("state", []))):
        problem = problem or _same_items(body.get(what, []), declared, what)
    if problem:
        return 400, problem
    return _value_problem([*body.get("inputs", []), *body.get("state", [])], prefix)


def register(app: Dash) -> None:
    """Guard Dash's callback route and answer bad component-suite paths with 404 (after Dash set its routes up)."""
    server = app.server
    endpoint = app.config.routes_pathname_prefix + CALLBACK_ROUTE
    dispatch = server.view_functions[endpoint]

    response_cache.register(server)

    def guarded_dispatch(*args, **kwargs):
        found = response_cache.lookup()
        if found.hit is not None:
            return found.hit.response()
        body = request.get_json(silent=True)  # None for a body that is not JSON: a 400 below
        problem = callback_body_problem(body, app.callback_map, app.config.requests_pathname_prefix)
        if problem is not None:
            return _text(problem[1], problem[0])
        return response_cache.render(found, lambda: dispatch(*args, **kwargs))

    server.view_functions[endpoint] = guarded_dispatch

    @server.errorhandler(DependencyException)
    def _no_such_component_file(_error):
        return _text("no such component file", 404)
