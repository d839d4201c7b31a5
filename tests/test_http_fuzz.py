"""A deterministic fuzz of every non-API HTTP route and of every Dash callback: malformed paths,
parameters, methods and callback bodies. No answer may be a 500 and nothing may log an error.

(The JSON API has its own OpenAPI-driven fuzz.) The corpus is built from fixed lists, so a failure
names its case and repeats exactly; the counts are printed with -s.
"""
from __future__ import annotations

import copy
import itertools
import json
import logging

import pytest

from dashboard import urls

# Text a hostile or careless client puts where an id, a filter or an address part goes.
BAD_TEXT = ["", " ", "x" * 300, "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "%ff%fe", "%", "%zz",
            "<script>alert(1)</script>", "' OR 1=1 --", "=HYPERLINK(\"http://x\")", "\u202etxt", "京津冀", "😀",
            "-1", "1e309", "NaN", "null", "[]", "{}", "a,b,,c", ",", "tianjin,tianjin", "%0d%0aSet-Cookie:x=1"]
PARAMS = ["lang", "theme", "region", "status", "has_target", "series", "mode", "kind", "indicator", "doc", "source",
          "unknown", "format"]
# Values a callback body might carry instead of what the component sends.
BAD_VALUES = [None, 0, -1, 1.5, 1e308, True, False, "", "x" * 2000, "<b>x</b>", "\x00\x01", [], [None], [1, 2],
              ["a", ["b"]], [{"a": 1}], {}, {"a": [1]}, {"total": "x", "lang": 5}, [[[]]]]
# every page the app registers (dashboard/urls.py), the indicator pages with a real id
FUZZED_PAGES = [path.replace("<indicator_id>", "hsr-intercity-rail-km") for name, path in urls.PAGES.items()
                if name != urls.NOT_FOUND_PAGE]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _non_api_get_routes(app) -> list[str]:
    """Every GET rule outside /api, with its variables as a placeholder to fill."""
    rules = []
    for rule in app.server.url_map.iter_rules():
        if "GET" in rule.methods and not rule.rule.startswith("/api"):
            rules.append(rule.rule)
    return sorted(rules)


def _fill(rule: str, text: str) -> str:
    """The rule with every <variable> replaced by `text`; any(...) converters keep a valid choice."""
    out, rest = "", rule
    while "<" in rest:
        head, _, tail = rest.partition("<")
        spec, _, rest = tail.partition(">")
        if spec.startswith("any("):
            out += head + spec[4:].split(",")[0].strip().strip(")").split(")")[0]
        else:
            out += head + text
    return out + rest


def path_corpus(app) -> list[tuple[str, str]]:
    """(method, address) pairs: every route with bad path parts, every page and download with bad parameters."""
    cases = []
    for rule in _non_api_get_routes(app):
        for text in BAD_TEXT:
            cases.append(("GET", _fill(rule, text)))
    targets = FUZZED_PAGES + ["/download/observations.csv", "/download/targets.xlsx", "/download/progress.csv",
                            "/download/indicator/hsr-intercity-rail-km.csv", "/download/datapackage.json"]
    for path, param, text in itertools.product(targets, PARAMS, BAD_TEXT[:12]):
        cases.append(("GET", f"{path}?{param}={text}"))
    for path in targets:
        cases.append(("GET", path + "?" + "&".join(f"{p}=a&{p}=b" for p in PARAMS)))  # every parameter twice
        cases.append(("GET", path + "?" + "x" * 5000))
        for method in METHODS:
            cases.append((method, path))
    for junk in ["/_dash-layout/x", "/_dash-dependencies?x=1", "/_dash-component-suites/",
                 "/_dash-component-suites/dash",
                 "/_dash-component-suites/dash/", "/_dash-component-suites/dash_ag_grid/../../../../etc/passwd",
                 "/assets/../pyproject.toml", "/assets/%2e%2e/app.py", "/assets/nope.js", "/vendor/../app.py",
                 "/_reload-hash", "/_favicon.ico?v=" + "9" * 100]:
        cases.append(("GET", junk))
    return cases


def _valid_call(output: str, spec: dict) -> dict:
    """A well-formed body for the callback writing `output` (an address "/", other values None)."""
    def items(deps):
        return [{"id": d["id"], "property": d["property"], "value": "/" if d["property"] == "pathname" else None}
                for d in deps]
    outputs = [{"id": part.split(".")[0], "property": part.split(".")[1]}  # "search@<hash>", as the renderer sends
               for part in output.strip(".").split("...")]
    return {"output": output, "outputs": outputs if output.startswith("..") else outputs[0],
            "inputs": items(spec["inputs"]), "state": items(spec.get("state", [])),
            "changedPropIds": [f"{d['id']}.{d['property']}" for d in spec["inputs"][:1]]}


def callback_corpus(app) -> list[tuple[str, object]]:
    """(label, body) pairs: every value of every callback replaced by each bad value, and structural damage."""
    cases = []
    for output, spec in sorted(app.callback_map.items()):
        valid = _valid_call(output, spec)
        if "callback" not in spec:  # a clientside callback: the server has nothing to run
            cases.append((f"{output} (clientside)", valid))
            continue
        for field in ("inputs", "state"):
            for position in range(len(valid[field])):
                for value in BAD_VALUES:
                    body = copy.deepcopy(valid)
                    body[field][position]["value"] = value
                    cases.append((f"{output} {field}[{position}]={json.dumps(value)[:30]}", body))
        for key in ("output", "outputs", "inputs", "state", "changedPropIds"):
            for value in (None, 1, "x", [], {}, [1], [{"id": 1}]):
                body = copy.deepcopy(valid)
                body[key] = value
                cases.append((f"{output} {key}={json.dumps(value)}", body))
            body = copy.deepcopy(valid)
            body.pop(key)
            cases.append((f"{output} without {key}", body))
    return cases


def _errors(caplog) -> list[str]:
    return [r.getMessage()[:200] for r in caplog.records if r.levelno >= logging.ERROR]


def test_every_non_api_route_survives_malformed_addresses(app, client, caplog):
    failures = []
    cases = path_corpus(app)
    for method, path in cases:
        caplog.clear()
        response = client.open(path, method=method)
        response.close()
        if response.status_code >= 500 and response.status_code != 503 or _errors(caplog):
            failures.append((method, path, response.status_code, _errors(caplog)[:1]))
    print(f"\nHTTP fuzz: {len(cases)} malformed requests to {len(_non_api_get_routes(app))} routes")
    assert failures == []


def test_every_callback_survives_malformed_bodies(app, client, caplog):
    failures = []
    cases = callback_corpus(app)
    for label, body in cases:
        caplog.clear()
        response = client.post("/_dash-update-component", json=body)
        if response.status_code >= 500 or _errors(caplog) or "Traceback" in caplog.text:
            failures.append((label, response.status_code, _errors(caplog)[:1]))
    print(f"\ncallback fuzz: {len(cases)} malformed bodies to {len(app.callback_map)} callbacks")
    assert failures == []
    assert len(cases) > 300
