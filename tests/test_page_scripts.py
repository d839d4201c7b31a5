"""Each page's index loads the component libraries that page uses and preloads the dcc chunks it will
ask for; the page with a library of its own (the data grid) is reached by a full page load."""
from __future__ import annotations

import re

import pytest
from dash import dcc, html

from dashboard import first_paint, page_scripts
from dashboard.components.header import header
from tests.conftest import MOUNT

# a chart page's index lists its scripts under first_paint.LATER (loaded by the first paint's script)
SCRIPTS = re.compile(r'<script (?:type="[^"]+" )?src="([^"]+)"')


def _preloads(index: str, kind: str = "script") -> list[str]:
    """What page_scripts preloads in `index` (`kind`: script or fetch), having checked how it is asked for:
    at once, or on a chart page by the first paint's script once its chart is drawn (first_paint.LATER_PRELOAD)."""
    found = [(rel, href) for rel, href in re.findall(
        rf'<link rel="([\w-]+)" as="{kind}"(?: crossorigin="anonymous")? href="([^"]+)">', index)
        if first_paint.SCRIPT not in href]
    expected = first_paint.LATER_PRELOAD if 'id="first-paint"' in index else "preload"
    assert {rel for rel, _ in found} <= {expected}, found
    return [href for _, href in found]


def _index(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/?lang=en", "/indicator/hsr-intercity-rail-km?region=tianjin", "/compare",
                                  "/sources", "/method", "/changes", "/embed/compare"])
def test_pages_without_a_grid_load_no_ag_grid_and_no_datatable(app, path):
    scripts = SCRIPTS.findall(_index(app.server.test_client(), path))
    assert not [s for s in scripts if "dash_ag_grid" in s or "dash_table" in s]
    assert any("plotly-basic" in s for s in scripts) and any("dash_renderer" in s for s in scripts)
    assert any("dash_bootstrap_components" in s for s in scripts)  # what the pages do use stays


def test_the_data_page_loads_ag_grid(app):
    scripts = SCRIPTS.findall(_index(app.server.test_client(), "/data?lang=en"))
    assert [s for s in scripts if "/dash_ag_grid/" in s] and not [s for s in scripts if "dash_table" in s]


@pytest.mark.parametrize(("path", "chunks"), [("/", {"async-graph.js", "async-dropdown.js"}),
                                              ("/compare?lang=en", {"async-graph.js", "async-dropdown.js"}),
                                              ("/data", {"async-dropdown.js"}), ("/sources", set())])
def test_the_dcc_chunks_a_page_uses_are_preloaded_and_answer(app, path, chunks):
    client = app.server.test_client()
    preloads = _preloads(_index(client, path))
    assert {p.rsplit("/", 1)[1] for p in preloads} == chunks
    for address in preloads:
        response = client.get(address)
        assert response.status_code == 200 and response.mimetype.endswith("javascript"), address


def test_under_a_mount_the_scripts_follow_the_page_and_preloads_carry_the_prefix(mounted_app):
    client = mounted_app.server.test_client()
    overview, data = _index(client, MOUNT), _index(client, MOUNT + "data")
    assert not [s for s in SCRIPTS.findall(overview) if "dash_ag_grid" in s]
    assert [s for s in SCRIPTS.findall(data) if "dash_ag_grid" in s]
    preloads = _preloads(overview)
    assert preloads and all(p.startswith(MOUNT) and client.get(p).status_code == 200 for p in preloads)


def test_scripts_for_drops_only_what_the_page_does_not_use():
    index = ('<script src="/_dash-component-suites/dash_ag_grid/dash_ag_grid.v1.min.js"></script>\n'
             '<script src="/_dash-component-suites/dash/dash_table/bundle.v7.js"></script>\n'
             '<script src="/_dash-component-suites/dash/dcc/dash_core_components.v4.js"></script>\n')
    assert page_scripts.scripts_for(index, "overview") == (
        '<script src="/_dash-component-suites/dash/dcc/dash_core_components.v4.js"></script>\n')
    assert "dash_ag_grid" in page_scripts.scripts_for(index, "data")
    assert "dash_table" not in page_scripts.scripts_for(index, "data")


def test_the_link_to_the_data_page_is_a_full_page_load_and_the_others_stay_in_page(app):
    with app.server.test_request_context("/"):
        rendered = header(None, "/", "", "zh")
    links = {}

    def walk(component):
        if isinstance(component, (html.A, dcc.Link)) and str(getattr(component, "id", "")).startswith("nav-"):
            links[component.id] = type(component)
        children = getattr(component, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str):
                walk(child)
    walk(rendered)
    assert links["nav-data"] is html.A and len(links) >= 5
    assert {k: v for k, v in links.items() if k != "nav-data"} == {k: dcc.Link for k in links if k != "nav-data"}
    assert page_scripts.link_for("data") is html.A and page_scripts.link_for("overview") is dcc.Link


@pytest.mark.parametrize("prefix", ["/", MOUNT])
@pytest.mark.parametrize("page", ["compare", "sources"])  # with a first paint and without
def test_dash_first_requests_are_preloaded_as_its_renderer_fetches_them(app, mounted_app, prefix, page):
    client = (app if prefix == "/" else mounted_app).server.test_client()
    index = _index(client, prefix + page)
    fetches = _preloads(index, "fetch")
    assert fetches == [prefix + "_dash-layout", prefix + "_dash-dependencies"]
    assert index.index(fetches[0]) < index.index("</head>")  # in the head: asked for before Dash's scripts run
    assert all(client.get(f).status_code == 200 for f in fetches)
