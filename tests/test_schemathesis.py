"""Schemathesis fuzzes every operation of /api/openapi.json against the dashboard's real server
(werkzeug on 127.0.0.1, a thread): no 500, and every answer as described (status code, content
type, headers, JSON schema), with valid requests (which must succeed) and invalid ones (which must
be refused as described). Deterministic (derandomized) and bounded (a few examples each).

Schemathesis 4.32's pytest loader (`from_fixture`) fails on pytest 9 (it sets a private node id),
so each operation is one parametrized test driving the operation's own Hypothesis strategy.
"""
from __future__ import annotations

import threading
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from werkzeug.serving import make_server

from dashboard.openapi import description

EXAMPLES_PER_OPERATION = 8
DESCRIBED = description()["paths"]  # the paths, without the live vocabulary: enough to name the tests
# A citation names the indicator's data in one region: a region the data holds but the indicator has nothing
# about is a 400 (described), so a schema-valid request may be refused there and nowhere else.
MAY_REFUSE_VALID = {path for path, item in DESCRIBED.items() if item["get"]["operationId"].startswith("citeIndicator")}
calls: Counter = Counter()  # (mode, path) → examples run, printed when the server stops


@pytest.fixture(scope="module")
def served(built_url):
    from dashboard.app import create_app
    server = make_server("127.0.0.1", 0, create_app(url=built_url).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    print(f"\nSchemathesis: {len({p for _, p in calls})} operations, {sum(calls.values())} examples")


@pytest.fixture(scope="module")
def described(served):
    """The description as served, with the database's vocabulary (themes, regions, indicator ids)."""
    return schemathesis.openapi.from_url(f"{served}/api/openapi.json")


CASES = [(mode, path) for path, item in DESCRIBED.items()
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode is GenerationMode.POSITIVE or item["get"]["parameters"]]


@pytest.mark.parametrize("mode, path", CASES, ids=[f"{m.value}:{p}" for m, p in CASES])
def test_every_operation_answers_as_described(described, served, mode, path):
    operation = described[path]["GET"]
    excluded = [positive_data_acceptance] if path in MAY_REFUSE_VALID else []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def fuzz(case):
        calls[(mode.value, path)] += 1
        case.call_and_validate(base_url=served, excluded_checks=excluded)

    fuzz()
