"""Overload: a worker admits a bounded number of page callbacks and page loads; the rest get a quick
503 with Retry-After, counted and logged, and every request of a burst gets a status."""
from __future__ import annotations

import http.client
import json
import logging
import threading
import time

import pytest
from dash import Dash, Input, Output, dcc, html
from werkzeug.serving import make_server

from dashboard import admission
from dashboard.i18n import t

CALLBACK = "/_dash-update-component"


def slow_app(release: threading.Event, limit: int) -> tuple[Dash, admission.Gate]:
    """A Dash app whose one callback holds its slot until `release` is set, gated at `limit`, no wait."""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="box", value="a"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("box", "value"))
    def echo(value):
        release.wait(60)
        return value

    gate = admission.register(app, limit=limit, wait=0)
    return app, gate


BODY = {"output": "out.children", "outputs": {"id": "out", "property": "children"},
        "inputs": [{"id": "box", "property": "value", "value": "a"}], "changedPropIds": ["box.value"]}


def post(client):
    return client.post(CALLBACK, data=json.dumps(BODY), content_type="application/json")


def test_gate_admits_up_to_its_limit_and_counts_the_refused():
    gate = admission.Gate(2)
    assert gate.enter() and gate.enter()
    assert not gate.enter()
    assert (gate.in_flight, gate.refused) == (2, 1)
    gate.leave()
    assert gate.enter() and gate.refused == 1


def test_gate_limit_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        admission.Gate(0)


def test_a_bad_limit_in_the_environment_is_named(monkeypatch):
    monkeypatch.setenv("JJJ_MAX_INFLIGHT", "many")
    with pytest.raises(ValueError, match="JJJ_MAX_INFLIGHT"):
        admission.register(Dash(__name__))


def test_a_saturated_worker_answers_503_with_retry_after_and_logs_it(caplog):
    release = threading.Event()
    app, gate = slow_app(release, limit=1)
    client = app.server.test_client()
    assert gate.enter()  # a callback already in flight takes the only slot
    with caplog.at_level(logging.WARNING, logger="dashboard.admission"):
        refused = post(client)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == str(admission.RETRY_AFTER_SECONDS)
    assert refused.headers["Cache-Control"] == "no-store"
    text = refused.get_data(as_text=True)
    assert t("zh", "busy.refused", seconds=1) in text and t("en", "busy.refused", seconds=1) in text
    assert gate.refused == 1
    assert any("503 busy" in r.getMessage() and "1 refused" in r.getMessage() for r in caplog.records)
    gate.leave()  # the slot is free again: the same call is answered
    release.set()
    answered = post(client)
    assert answered.status_code == 200 and json.loads(answered.data)["response"]["out"]["children"] == "a"
    assert gate.in_flight == 0  # every admitted request gives its slot back


def test_static_files_are_not_gated():
    app, gate = slow_app(threading.Event(), limit=1)
    client = app.server.test_client()
    assert gate.enter()
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/").status_code == 503  # the page itself is gated
    gate.leave()


def test_every_request_of_a_burst_gets_a_status():
    """20 callbacks at once against a limit of 2: two are answered, eighteen refused, none left unanswered."""
    release = threading.Event()
    app, gate = slow_app(release, limit=2)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    statuses: list[int | str] = []

    def call():
        conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
        try:
            conn.request("POST", CALLBACK, body=json.dumps(BODY), headers={"Content-Type": "application/json"})
            statuses.append(conn.getresponse().status)
        except OSError as exc:
            statuses.append(type(exc).__name__)
        finally:
            conn.close()

    burst = [threading.Thread(target=call) for _ in range(20)]
    try:
        for thread in burst:
            thread.start()
        deadline = time.monotonic() + 60  # waits for the refusals to come back; asserts nothing about time
        while len(statuses) < 18 and time.monotonic() < deadline:
            time.sleep(0.01)
        release.set()  # the two admitted callbacks finish
        for thread in burst:
            thread.join(60)
    finally:
        server.shutdown()
    assert sorted(statuses, key=str) == [200] * 2 + [503] * 18
    assert gate.refused == 18 and gate.in_flight == 0


def test_the_dashboard_is_gated_and_carries_the_busy_notice(app):
    gate = app.server.extensions["jjj_admission"]
    assert gate.limit == admission.MAX_INFLIGHT
    layout = app.server.test_client().get("/_dash-layout").get_data(as_text=True)
    assert admission.BUSY_NOTICE_ID in layout
    for lang in ("zh", "en"):
        assert json.dumps(t(lang, "busy.retrying"))[1:-1] in layout or t(lang, "busy.retrying") in layout


def test_the_gate_follows_the_app_under_a_url_prefix(built_url):
    from dashboard.app import create_app
    mounted = create_app(url=built_url, url_prefix="/jjj/")
    gate = mounted.server.extensions["jjj_admission"]
    client = mounted.server.test_client()
    taken = [gate.enter() for _ in range(gate.limit)]
    try:
        assert all(taken)
        assert client.get("/jjj/").status_code == 503
        assert client.post("/jjj/_dash-update-component", json={}).status_code == 503
    finally:
        for _ in taken:
            gate.leave()
    assert client.get("/jjj/").status_code == 200
