"""Security headers on every kind of response, and clean statuses for malformed or oversized requests."""
from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from dashboard.security import MAX_BODY_BYTES, MAX_QUERY_BYTES, MAX_QUERY_PARAMS, is_frameable
from dashboard.urls import EMBED_AREA as EMBED_PREFIX


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _suite_paths(client) -> list[str]:
    return re.findall(r'src="(/_dash-component-suites/[^"]+)"', client.get("/").get_data(as_text=True))


def _header_call(search="?lang=en") -> dict:
    """The body Dash's renderer posts for the site header's callback."""
    return {"output": "site-header.children", "outputs": {"id": "site-header", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": "/"},
                       {"id": "url", "property": "search", "value": search}],
            "changedPropIds": ["url.pathname"], "state": []}


ROUTES = [
    ("get", "/"), ("get", "/indicator/hsr-intercity-rail-km?region=tianjin"), ("get", "/no/such/page"),
    ("get", "/api/indicators"), ("get", "/api/no-such-thing"), ("get", "/download/targets.csv"),
    ("get", "/download/datapackage.json"), ("get", "/download/nope"), ("get", "/_dash-layout"),
    ("get", "/_dash-dependencies"), ("post", "/_dash-update-component"), ("get", "/_favicon.ico"),
    ("get", "/assets/style.css"), ("get", "/vendor/bootstrap.min.css"), ("get", "/_dash-component-suites/x/y.js"),
]


@pytest.mark.parametrize("method, path", ROUTES)
def test_every_route_refuses_framing_and_sniffing(client, method, path):
    response = getattr(client, method)(path)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_policy_allows_only_our_scripts_and_dashs_hashed_inline_ones(app, client):
    page = client.get("/")
    directives = dict(d.strip().split(" ", 1) for d in page.headers["Content-Security-Policy"].split(";"))
    assert "unsafe-eval" not in directives["script-src"] and "unsafe-inline" not in directives["script-src"]
    assert directives["script-src"].split() == ["'self'", *app.csp_hashes()]
    assert directives["object-src"] == "'none'" and directives["default-src"] == "'self'"
    # every script the browser would run inline is one of the hashes (JSON data blocks and scripts
    # inside comments are not run)
    html = re.sub(r"<!--.*?-->", "", page.get_data(as_text=True), flags=re.S)
    inline = re.findall(r"<script(?![^>]*\b(?:src|type)=)[^>]*>(.*?)</script>", html, re.S)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline}
    assert inline and hashes <= set(directives["script-src"].split())


def test_only_embed_paths_may_be_framed(client):
    assert is_frameable(EMBED_PREFIX + "indicator/x") and not is_frameable("/embedded") and not is_frameable("/")
    response = client.get(EMBED_PREFIX + "anything")
    assert "frame-ancestors" not in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers


def test_a_mounted_app_frames_by_its_own_paths(mounted_app):
    mounted = mounted_app.server.test_client()
    assert mounted.get("/jjj/compare").headers["X-Frame-Options"] == "DENY"
    assert "X-Frame-Options" not in mounted.get("/jjj" + EMBED_PREFIX + "x").headers


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b"null", b'"text"', b"{}", b'{"output": "nope"}',
                                  b'{"output": "site-header.children"}'])
def test_malformed_callback_bodies_are_400_without_a_traceback(client, body, caplog):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.levelname == "ERROR"]


def test_a_callback_with_the_wrong_inputs_is_400_and_names_them(client):
    call = _header_call()
    call["inputs"] = call["inputs"][:1]
    response = client.post("/_dash-update-component", json=call)
    assert response.status_code == 400
    assert "'inputs' must list the callback's 2 inputs" in response.get_data(as_text=True)


@pytest.mark.parametrize("change, message", [
    (lambda c: c["inputs"][0].update(value=["/"]), "url.pathname must be text"),
    (lambda c: c["inputs"][0].update(value="compare"), "url.pathname must be an address under /"),
    (lambda c: c.update(outputs=[c["outputs"]]), "'outputs' must be the callback's outputs"),
    (lambda c: c.update(output="html-lang.data"), "'output' must name a registered server callback"),
])
def test_values_of_the_wrong_shape_are_400_and_say_which(client, change, message):
    call = _header_call()
    change(call)
    response = client.post("/_dash-update-component", json=call)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_a_well_formed_callback_still_answers(client):
    response = client.post("/_dash-update-component", json=_header_call())
    assert response.status_code == 200 and "indicators" in response.get_data(as_text=True)


def test_a_page_address_with_junk_parameters_is_refused_at_once(client):
    many = "&".join(f"p{i}=1" for i in range(100_000))
    assert client.get("/?" + many).status_code == 414
    assert client.get("/?" + "&".join(f"p{i}" for i in range(MAX_QUERY_PARAMS + 1))).status_code == 400
    assert client.get("/?" + "&".join(f"p{i}" for i in range(MAX_QUERY_PARAMS))).status_code == 200
    call = _header_call("?" + many)
    response = client.post("/_dash-update-component", json=call)  # the same address, carried by Dash's router
    assert response.status_code == 414 and len(response.get_data()) < 200
    call["inputs"][1]["value"] = "?x=" + "a" * MAX_QUERY_BYTES
    assert client.post("/_dash-update-component", json=call).status_code == 414


def test_a_body_over_the_limit_is_413(client):
    response = client.post("/_dash-update-component", data=b"{" + b" " * MAX_BODY_BYTES + b"}",
                           content_type="application/json")
    assert response.status_code == 413 and str(MAX_BODY_BYTES) in response.get_data(as_text=True)


def test_the_data_grids_rows_fit_the_body_limit(app):
    """The largest body the pages send is the data grid's rows (at most GRID_ROW_LIMIT) going back to the
    server: that many of the largest real row still fits the limit with room to spare."""
    from dashboard import reads
    from dashboard.views.data_table import GRID_ROW_LIMIT, grid_rows
    with app.server.app_context():
        rows, _total = reads.tidy_page(limit=GRID_ROW_LIMIT)
    largest = max(len(json.dumps(row, ensure_ascii=False).encode()) for row in grid_rows(rows, "zh"))
    assert 2 * largest * GRID_ROW_LIMIT < MAX_BODY_BYTES


@pytest.mark.parametrize("path", ["/_dash-component-suites/nonexistent/x.js", "/_dash-component-suites/dash/nope.js",
                                  "/_dash-component-suites/dash/../../etc/passwd",
                                  "/_dash-component-suites/plotly/package_data/missing.js"])
def test_bad_component_suite_paths_are_404(client, path, caplog):
    response = client.get(path)
    assert response.status_code == 404 and "Traceback" not in caplog.text


def test_real_component_suites_are_served_for_a_year(client):
    paths = _suite_paths(client)
    assert paths
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200 and response.cache_control.max_age == 365 * 24 * 3600, path


def test_a_duplicate_output_call_as_the_renderer_sends_it_is_accepted(app, client):
    """Dash's renderer names an allow_duplicate output's property with its '@<hash>' (seen in Chromium)."""
    output = next(key for key, spec in app.callback_map.items()
                  if key.startswith("url.search@") and spec["inputs"][0]["id"] == "ind-region")
    call = {"output": output, "outputs": {"id": "url", "property": output.split(".", 1)[1]},
            "inputs": [{"id": "ind-region", "property": "value", "value": "beijing"}],
            "changedPropIds": ["ind-region.value"],
            "state": [{"id": "ind-rendered", "property": "data", "value": {"region": "tianjin"}},
                      {"id": "url", "property": "search", "value": "?region=tianjin"}]}
    response = client.post("/_dash-update-component", json=call)
    assert response.status_code == 200 and "region=beijing" in response.get_data(as_text=True)
