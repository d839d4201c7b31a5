"""The first `_dash-layout` answer carries the page the browser is on (its Referer): the same content
Dash's routing callback gives for that address, the header and the title, with both Locations holding
the address; without a usable Referer it is the empty shell the callbacks fill, as before."""
from __future__ import annotations

import json

import pytest

from dashboard.admission import Gate
from tests.conftest import MOUNT

HOST = "http://localhost"
ADDRESSES = ["/", "/?lang=en&theme=transport", "/indicator/hsr-intercity-rail-km?region=tianjin&lang=zh",
             "/compare?lang=en", "/data?lang=en", "/sources", "/no-such-page", "/indicator/no-such-id",
             "/embed/indicator/hsr-intercity-rail-km", "/?bogus=1"]


def _find(node, component_id: str):
    """The component with `component_id` in a layout's JSON, or None."""
    if isinstance(node, list):
        return next((found for item in node if (found := _find(item, component_id)) is not None), None)
    if not isinstance(node, dict):
        return None
    props = node.get("props", {})
    if props.get("id") == component_id:
        return node
    return _find(props.get("children"), component_id)


def _layout(client, referrer: str | None = None) -> dict:
    response = client.get(f"{MOUNT if client.mounted else '/'}_dash-layout",
                          headers={"Referer": referrer} if referrer else {})
    assert response.status_code == 200
    return response.get_json()


def _routing_answer(client, pathname: str, search: str) -> dict:
    """What Dash's routing callback answers for the address (the page content and the title)."""
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}
    prefix = MOUNT if client.mounted else "/"
    response = client.post(f"{prefix}_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["response"]


def _header_answer(client, pathname: str, search: str):
    body = {"output": "site-header.children", "outputs": {"id": "site-header", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": pathname},
                       {"id": "url", "property": "search", "value": search}],
            "changedPropIds": ["url.pathname"], "state": []}
    response = client.post(f"{MOUNT if client.mounted else '/'}_dash-update-component", json=body)
    assert response.status_code in (200, 204)
    return response.get_json()["response"]["site-header"]["children"] if response.status_code == 200 else None


@pytest.fixture(scope="module")
def client(app):
    client = app.server.test_client()
    client.mounted = False
    return client


@pytest.fixture(scope="module")
def mounted_client(mounted_app):
    client = mounted_app.server.test_client()
    client.mounted = True
    return client


def _stable(node) -> str:
    return json.dumps(node, sort_keys=True, ensure_ascii=False)


def _content(layout) -> str:
    return _stable(_find(layout, "_pages_content")["props"].get("children"))


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_first_layout_carries_the_page_the_routing_callback_would_render(client, address):
    pathname, _, query = address.partition("?")
    search = f"?{query}" if query else ""
    layout = _layout(client, HOST + address)
    routed = _routing_answer(client, pathname, search)
    assert _content(layout) == _stable(routed["_pages_content"]["children"])
    assert _find(layout, "_pages_store")["props"]["data"] == routed["_pages_store"]["data"]
    header = _find(layout, "site-header")["props"].get("children")
    assert _stable(header) == _stable(_header_answer(client, pathname, search))
    for location in ("url", "_pages_location"):  # as dcc.Location reads window.location: nothing to report
        props = _find(layout, location)["props"]
        assert (props["pathname"], props["search"]) == (pathname, search)
        assert "href" not in props and "hash" not in props


def test_the_page_content_is_really_there(client):
    layout = _layout(client, HOST + "/?lang=en")
    assert _find(layout, "ov-count") is not None and _find(layout, "nav-overview") is not None
    assert _find(_layout(client, HOST + "/compare?lang=en"), "cmp-series") is not None


@pytest.mark.parametrize("referrer", [None, "http://elsewhere.example/compare", "not an address",
                                      HOST + "/compare?" + "x=1&" * 80, HOST + "/compare?" + "a" * 5000])
def test_without_a_usable_address_the_layout_is_the_empty_shell(client, referrer):
    layout = _layout(client, referrer)
    assert _find(layout, "_pages_content")["props"].get("children") is None
    assert _find(layout, "site-header")["props"].get("children") is None
    assert not [name for name in ("url", "_pages_location") if "pathname" in _find(layout, name)["props"]]


def test_under_a_mount_the_page_comes_with_its_mounted_address(mounted_client):
    layout = _layout(mounted_client, HOST + MOUNT + "compare?lang=en")
    assert _find(layout, "cmp-series") is not None
    assert _find(layout, "_pages_location")["props"]["pathname"] == MOUNT + "compare"
    routed = _routing_answer(mounted_client, MOUNT + "compare", "?lang=en")
    assert _content(layout) == _stable(routed["_pages_content"]["children"])
    outside = _layout(mounted_client, HOST + "/compare?lang=en")  # not an address of the mounted app
    assert _find(outside, "_pages_content")["props"].get("children") is None


def test_with_every_admission_slot_taken_the_layout_leaves_the_page_to_its_gated_callback(built_url):
    from dashboard.app import create_app
    app = create_app(url=built_url)
    gate: Gate = app.server.extensions["jjj_admission"]
    client = app.server.test_client()
    client.mounted = False
    for _ in range(gate.limit):
        assert gate.enter(0)
    try:
        assert _find(_layout(client, HOST + "/compare"), "_pages_content")["props"].get("children") is None
    finally:
        for _ in range(gate.limit):
            gate.leave()
    assert _find(_layout(client, HOST + "/compare"), "cmp-series") is not None
    assert gate.in_flight == 0  # the layout gave its slot back


def test_a_first_layout_is_kept_per_address_and_replayed_byte_for_byte(built_url):
    from dashboard import response_cache
    from dashboard.app import create_app
    app = create_app(url=built_url)
    cache = app.server.extensions[response_cache.EXTENSION]
    client = app.server.test_client()

    def get(address: str):
        return client.get("/_dash-layout", headers={"Referer": HOST + address, "Accept-Encoding": "gzip"})
    first = get("/indicator/hsr-intercity-rail-km?region=tianjin&lang=en")
    again = get("/indicator/hsr-intercity-rail-km?region=tianjin&lang=en")
    assert first.status_code == again.status_code == 200 and (len(cache), cache.hits) == (1, 1)
    assert again.get_data() == first.get_data() and again.headers["Content-Encoding"] == "gzip"
    other = get("/indicator/hsr-intercity-rail-km?region=tianjin&lang=zh")  # another address: its own entry
    assert other.get_data() != first.get_data() and len(cache) == 2
    get("/changes")  # reads the refresh log, which the data version does not cover: never kept
    get("/changes")
    client.get("/_dash-layout")  # no address: the shell, never kept
    assert len(cache) == 2 and cache.hits == 1


@pytest.mark.parametrize("referrer", [HOST + "/compare?lang=en", HOST + "/changes", None])
def test_no_http_cache_keeps_a_layout_that_depends_on_the_referer(client, referrer):
    for _ in range(2):  # the render, then (for a kept page) the hit
        response = client.get("/_dash-layout", headers={"Referer": referrer} if referrer else {})
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
        assert "Referer" in response.headers["Vary"]


def test_a_referer_that_is_not_an_address_gets_the_shell(client):
    layout = _layout(client, "http://[bad/")
    assert _find(layout, "_pages_content")["props"].get("children") is None


def test_the_first_layout_names_the_address_it_was_rendered_for(client):
    layout = _layout(client, HOST + "/compare?lang=en")
    assert '"data-first-address": "/compare?lang=en"' in json.dumps(layout, ensure_ascii=False)
    assert "data-first-address" not in json.dumps(_layout(client), ensure_ascii=False)
