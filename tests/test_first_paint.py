"""The index of a chart page carries its first paint (dashboard/first_paint.py): the page as HTML, inert,
its figures as inert JSON, dcc's CSS, and plotly.js then the first paint's script before every other
script. Other pages, a full admission gate or an unknown component give the plain index."""
from __future__ import annotations

import json
import re

import pytest

from dashboard import first_paint, static_html
from dashboard.admission import Gate
from tests.conftest import MOUNT

FIGURES = re.compile(r'<script type="application/json" id="first-paint-figures">(.*?)</script>', re.S)
SCRIPTS = re.compile(r'<script src="([^"]+)"')


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _index(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == (404 if "no-such" in address else 200)
    return response.get_data(as_text=True)


@pytest.mark.parametrize("address", ["/?lang=en", "/indicator/hsr-intercity-rail-km?region=tianjin&lang=zh",
                                     "/compare?lang=en"])
def test_a_chart_page_index_carries_its_first_paint(client, address):
    index = _index(client, address)
    assert index.count('<div id="first-paint" class="first-paint" inert aria-hidden="true">') == 1
    assert index.index('id="first-paint"') < index.index('<div id="react-entry-point">')
    figures = json.loads(FIGURES.search(index).group(1))
    assert len(figures) == 1 and figures[0]["figure"]["data"], "the chart's figure, with its traces"
    scripts = SCRIPTS.findall(index)
    assert "plotly-basic.min.js" in scripts[0] and first_paint.SCRIPT in scripts[1]  # before React and Dash
    assert sum(first_paint.SCRIPT in src for src in scripts) == 1  # Dash's own list leaves it out
    # the figures, the first chart, then the scripts that draw it, then the rest of the page
    first_chart = re.search(rf'{static_html.FIGURE_SLOT}="0"[^>]*></div></div>', index)
    assert FIGURES.search(index).start() < index.index('id="first-paint"') < first_chart.start()
    assert index[first_chart.end():].startswith(f'<script src="{scripts[0]}"></script><script src="{scripts[1]}">')
    assert index.index(f'<script src="{scripts[1]}"') < index.index("</div>\n" + '<div id="react-entry-point">')
    head = index[:index.index("</head>")]
    assert scripts[0] in head.split("<link")[1], "plotly.js is the first thing the page asks for"
    assert ".dash-dropdown {" in head and ".dash-options-list-option {" in head  # dcc's CSS, before dcc runs
    assert 'rel="preload" as="fetch"' not in head, "what Dash asks for once it runs must wait behind plotly.js"
    assert len(re.findall(rf'<link rel="{first_paint.LATER_PRELOAD}" as="fetch"[^>]*_dash-layout', head)) == 1


@pytest.mark.parametrize("address", ["/data", "/sources?lang=en", "/method", "/changes", "/embed/compare",
                                     "/no-such-page"])
def test_other_pages_get_the_plain_index(client, address):
    index = _index(client, address)
    assert 'id="first-paint"' not in index and first_paint.SCRIPT not in index


def test_the_first_paint_shows_what_the_page_shows(client):
    index = _index(client, "/indicator/container-throughput?region=tianjin-port&lang=en")
    paint = index[index.index('id="first-paint"'):index.index('<div id="react-entry-point">')]
    assert "Container throughput" in paint and "Port of Tianjin" in paint
    assert " id=" not in paint.split(">", 1)[1]  # no id inside: the live page's are unique


def test_figures_cannot_break_out_of_their_script_element():
    hostile = [{"figure": {"data": [{"name": "</script><script>alert(1)</script> & <!--"}]}, "config": {}}]
    written = first_paint.figures_json(hostile)
    assert "<" not in written and ">" not in written and "&" not in written
    assert json.loads(written) == hostile


def test_dcc_styles_are_read_from_the_installed_bundles():
    css = first_paint.dcc_styles()
    for rule in (":root {", ".dash-dropdown {", ".dash-options-list-option {", ".dash-textarea {"):
        assert rule in css, f"{rule!r} no longer found in dcc's bundles ({first_paint.DCC_STYLED}): update _DCC_STYLE"


def test_the_fragment_is_computed_once_per_address_and_data_version(built_url, monkeypatch):
    from dashboard.app import create_app
    client = create_app(url=built_url).server.test_client()  # its start-up renders the overview only
    calls = _counting_renders(monkeypatch)
    first = _index(client, "/compare?lang=en")
    second = _index(client, "/compare?lang=en")
    assert len(calls) == 1
    assert FIGURES.search(first).group(1) == FIGURES.search(second).group(1)
    _index(client, "/compare?lang=zh")
    assert len(calls) == 2  # another address, another fragment
    monkeypatch.setattr(first_paint.response_cache, "data_token", lambda: "another-data-version")
    _index(client, "/compare?lang=en")
    assert len(calls) == 3


def test_the_first_paint_is_rendered_in_the_index_requests_own_admission_slot(built_url):
    from dashboard.app import create_app
    app = create_app(url=built_url)
    gate: Gate = app.server.extensions["jjj_admission"]
    client = app.server.test_client()
    first_paint._fragments.items.clear()
    for _ in range(gate.limit - 1):  # one slot left: the index's; the first paint needs no second one
        assert gate.enter(0)
    try:
        assert 'id="first-paint"' in _index(client, "/compare")
        assert gate.refused == 0
    finally:
        for _ in range(gate.limit - 1):
            gate.leave()
    assert gate.in_flight == 0


def test_a_component_it_cannot_write_gives_the_plain_index(built_url, monkeypatch):
    from dashboard.app import create_app
    client = create_app(url=built_url).server.test_client()
    first_paint._fragments.items.clear()

    def refuse(tree):
        raise static_html.Unsupported("no first paint for dash_core_components.Slider")
    monkeypatch.setattr(static_html, "render", refuse)
    index = _index(client, "/compare")
    assert 'id="first-paint"' not in index and '<div id="react-entry-point">' in index


def test_under_a_mount_the_first_paint_links_stay_under_it(mounted_app):
    index = _index(mounted_app.server.test_client(), MOUNT + "compare?lang=en")
    paint = index[index.index('id="first-paint"'):index.index('<div id="react-entry-point">')]
    assert f'href="{MOUNT}sources?lang=en"' in paint
    assert f'src="{MOUNT}assets/{first_paint.SCRIPT}?m=' in index


def _counting_renders(monkeypatch) -> list:
    calls: list = []
    real = static_html.render
    monkeypatch.setattr(static_html, "render", lambda tree: calls.append(1) or real(tree))
    first_paint._fragments.items.clear()
    return calls


def test_a_head_request_is_admitted_and_answered_as_the_get_would_be(built_url):
    from dashboard.app import create_app
    app = create_app(url=built_url)
    gate: Gate = app.server.extensions["jjj_admission"]
    client = app.server.test_client()
    head, get = client.head("/compare?lang=en&probe=1"), client.get("/compare?lang=en&probe=1")
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    for _ in range(gate.limit):
        assert gate.enter(0)
    try:  # a HEAD renders the page too, so it is bounded by the gate like a GET
        assert client.head("/compare?lang=en&probe=2").status_code == 503
    finally:
        for _ in range(gate.limit):
            gate.leave()


def test_an_address_with_a_tracking_parameter_keeps_its_first_paint(client):
    index = _index(client, "/indicator/hsr-intercity-rail-km?region=tianjin&lang=en&utm_source=newsletter")
    paint = index[index.index('id="first-paint"'):index.index('<div id="react-entry-point">')]
    assert "alert-dismissible" in paint and "utm_source" in paint  # the page's notice about the parameter


def test_an_address_without_a_first_paint_is_not_rendered_again(client, monkeypatch):
    calls = _counting_renders(monkeypatch)
    for _ in range(3):
        assert 'id="first-paint"' not in _index(client, "/compare?lang=en&view=table")  # no chart to draw
    assert len(calls) == 1


def test_whatever_goes_wrong_the_index_is_served(client, monkeypatch):
    def broken(address):
        raise RuntimeError("a bug in a view")
    monkeypatch.setattr(first_paint.first_layout, "rendered", broken)
    first_paint._fragments.items.clear()
    index = _index(client, "/compare?lang=en&after=bug")
    assert 'id="first-paint"' not in index and '<div id="react-entry-point">' in index
    assert '<script src="' in index and first_paint.LATER not in index  # Dash's scripts as Dash wrote them


def test_the_first_paints_script_uses_the_servers_names():
    """assets/first_paint.js cannot import Python: it must spell the names the server writes the same way."""
    from pathlib import Path

    from dashboard import first_layout
    script = (Path(first_paint.__file__).parent / "assets" / first_paint.SCRIPT).read_text(encoding="utf-8")
    for name in (first_paint.ROOT_ID, first_paint.FIGURES_ID, first_paint.LATER, first_paint.LATER_PRELOAD,
                 static_html.FIGURE_SLOT):
        assert f'"{name}"' in script, name
    assert f"#{first_layout.PAGE_CONTENT}" in script
