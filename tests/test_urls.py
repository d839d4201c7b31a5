"""Every address dashboard.urls writes resolves to a Flask route or a registered page and answers, at
the root and under a mount prefix; the navigation and the "does a page serve this" check both come from
Dash's page registry."""
from __future__ import annotations

import dash
import pytest
from dash.development.base_component import Component

from dashboard import urls
from dashboard.callbacks import render_header
from dashboard.downloads import FORMATS
from db.export_tables import EXPORT_TABLES
from tests.conftest import MOUNT

INDICATOR = "container-throughput"  # an indicator the session's database holds
ROUTE_EXAMPLES = {
    "download.table": [{"table": name, "fmt": fmt} for name in EXPORT_TABLES for fmt in FORMATS],
    "download.indicator": [{"indicator_id": INDICATOR, "fmt": fmt} for fmt in (*FORMATS, "bib", "cite.txt")],
    "download.datapackage": [{}],
    "cite.dataset": [{"fmt": "bib"}, {"fmt": "cite.txt", "lang": "en"}],
    "api.indicators": [{}, {"limit": 5}],
    "api.indicator": [{"indicator_id": INDICATOR}],
    "api.sources": [{}],
    "api.openapi": [{}],
    "feed": [{}, {"lang": "en"}],
    "vendor.bootstrap": [{}],
    "favicon": [{}],
}
PAGE_EXAMPLES = {
    "overview": [{}, {"theme": "transport"}], "indicator": [{"indicator_id": INDICATOR}], "compare": [{}],
    "sources": [{}], "data": [{}], "changes": [{}], "method": [{}],
    "embed-indicator": [{"indicator_id": INDICATOR}], "embed-compare": [{}], "not-found": [{}],
}


@pytest.fixture(params=["/", MOUNT])
def served(request, app, mounted_app):
    """(the Dash app, its mount) for the root app and the mounted one."""
    return (app, "/") if request.param == "/" else (mounted_app, MOUNT)


def _flask_rule(server, url: str):
    """The Flask rule serving `url` (query left out)."""
    adapter = server.url_map.bind("localhost")
    return adapter.match(url.split("?")[0], method="GET", return_rule=True)[0]


def test_every_route_and_page_has_an_example():
    assert set(ROUTE_EXAMPLES) == set(urls.ROUTES) and set(PAGE_EXAMPLES) == set(urls.PAGES)


def test_every_route_the_builder_writes_is_served(served):
    app, mount = served
    client = app.server.test_client()
    for name, examples in ROUTE_EXAMPLES.items():
        for params in examples:
            with app.server.test_request_context(mount):
                url = urls.route(name, **params)
            assert url.startswith(mount), url
            rule = _flask_rule(app.server, url)
            assert "<path:" not in rule.rule, f"{name} → {url} reaches only the catch-all {rule.rule}"
            assert client.get(url).status_code == 200, url


def test_every_page_the_builder_writes_is_a_registered_page(served):
    app, mount = served
    client = app.server.test_client()
    for name, examples in PAGE_EXAMPLES.items():
        for lang in ("zh", "en"):
            for params in examples:
                with app.server.test_request_context(mount):
                    url = urls.page(name, lang, **params)
                path = url.split("?")[0]
                assert path.startswith(mount) and ("lang=en" in url) == (lang == "en"), url
                found = urls.page_at(urls.unmounted(path, mount), dash.page_registry)
                assert found is not None and found[0]["name"] == name, url
                assert client.get(url).status_code == (404 if name == urls.NOT_FOUND_PAGE else 200), url


def test_the_builder_fills_the_path_and_keeps_the_state_in_the_query():
    assert urls.page("indicator", "en", indicator_id="a b", region="tianjin") == \
        "/indicator/a%20b?region=tianjin&lang=en"
    assert urls.page("compare", "zh", series=["a:b", "c:d"], mode="indexed") == "/compare?series=a:b,c:d&mode=indexed"
    assert urls.route("download.table", table="observations", fmt="csv", region=None, kind="target") == \
        "/download/observations.csv?kind=target"
    with pytest.raises(ValueError, match="indicator_id"):
        urls.page("indicator", "zh")


def test_a_mount_prefix_is_checked_and_normalized():
    assert urls.normalize_mount(None) == "/" and urls.normalize_mount("/jjj") == "/jjj/"
    assert urls.normalize_mount("/a/b/") == "/a/b/"
    for bad in ("jjj/", "/j j/", "/a//b/", "/<x>/"):
        with pytest.raises(ValueError, match="JJJ_URL_PREFIX"):
            urls.normalize_mount(bad)
    assert urls.unmounted("/jjj/compare", "/jjj/") == "/compare" and urls.unmounted("/jjj", "/jjj/") == "/"
    assert urls.unmounted("/compare", "/") == "/compare"


def test_the_app_refuses_a_bad_mount_prefix(monkeypatch, built_url):
    from dashboard.app import create_app
    monkeypatch.setenv("JJJ_URL_PREFIX", "jjj")
    with pytest.raises(ValueError, match="JJJ_URL_PREFIX='jjj'"):
        create_app(url=built_url)


def test_the_navigation_is_the_registry_s_nav_pages_in_order(served):
    app, mount = served
    with app.server.test_request_context(mount):
        header = render_header(mount + "indicator/" + INDICATOR, "?lang=en")
    nav = [c for c in header._traverse() if getattr(c, "id", "").startswith("nav-")]
    assert [c.id for c in nav] == ["nav-overview", "nav-compare", "nav-sources", "nav-data", "nav-changes",
                                   "nav-method"]
    assert [p["name"] for p in urls.nav_pages(dash.page_registry)] == [c.id[4:] for c in nav]
    assert all(c.href.startswith(mount) and c.href.endswith("?lang=en") for c in nav)
    # an indicator page sits under the overview in the navigation
    assert [c.id for c in nav if "active" in c.className] == ["nav-overview"]


def test_page_exists_reads_the_registry(app):
    from dashboard.http_status import page_exists
    registered = [p["path"] for p in dash.page_registry.values()
                  if not p["path_template"] and p["name"] != urls.NOT_FOUND_PAGE]
    assert registered and all(page_exists(path, lambda: set()) for path in registered)
    assert not page_exists(urls.PAGES[urls.NOT_FOUND_PAGE], lambda: set())
    assert page_exists(f"/embed/indicator/{INDICATOR}", lambda: {INDICATOR})
    assert not page_exists("/embed/indicator/nope", lambda: {INDICATOR})


def _links(layout) -> list[str]:
    """Every href and src of a rendered layout."""
    components = [layout, *layout._traverse()] if isinstance(layout, Component) else []
    return [value for c in components for value in (getattr(c, "href", None), getattr(c, "src", None))
            if isinstance(value, str)]


def test_every_link_a_mounted_page_writes_is_under_the_mount_and_resolves(mounted_app):
    pages = {p["name"]: p for p in dash.page_registry.values()}
    seen = 0
    for name, examples in PAGE_EXAMPLES.items():
        for lang in ("zh", "en"):
            for params in examples:
                with mounted_app.server.test_request_context(MOUNT):
                    links = _links(pages[name]["layout"](lang=lang, **params))
                for link in links:
                    if link.startswith(("#", "data:")):  # a place on the page; an inline image
                        continue
                    seen += 1
                    assert link.startswith(MOUNT), f"{name}: {link}"
                    own = urls.unmounted(link.split("?")[0], MOUNT)
                    page = urls.page_at(own, dash.page_registry)
                    if page is None:
                        assert "<path:" not in _flask_rule(mounted_app.server, link).rule, f"{name}: {link}"
                    else:
                        assert page[0]["name"] != urls.NOT_FOUND_PAGE, f"{name}: {link}"
    assert seen > 100  # the overview alone links every indicator


def test_the_embed_code_and_the_citation_name_the_mounted_address(mounted_app):
    indicator = next(p for p in dash.page_registry.values() if p["name"] == "indicator")
    with mounted_app.server.test_request_context(MOUNT):
        layout = indicator["layout"](lang="en", indicator_id=INDICATOR)
    texts = [c.value for c in layout._traverse() if getattr(c, "id", None) == "ind-embed-code"]
    texts += [c.children for c in layout._traverse() if getattr(c, "id", None) == "ind-cite-text"]
    assert len(texts) == 2
    assert f'src="http://localhost{MOUNT}embed/indicator/{INDICATOR}?' in texts[0]
    assert f"http://localhost{MOUNT}indicator/{INDICATOR}?" in texts[1]


def test_the_api_feed_and_openapi_under_a_mount_point_back_under_it(mounted_app):
    client = mounted_app.server.test_client()
    answer = client.get(MOUNT + "api/indicators?limit=5")
    assert answer.json["next"].startswith(MOUNT + "api/indicators?")
    assert client.get(answer.json["next"]).status_code == 200
    assert f"<{MOUNT}api/indicators?" in answer.headers["Link"]
    assert client.get(MOUNT + "api/openapi.json").json["servers"] == [{"url": MOUNT.rstrip("/")}]
    feed = client.get(MOUNT + "changes.atom?lang=en").get_data(as_text=True)
    assert f'href="http://localhost{MOUNT}changes.atom?lang=en"' in feed
    assert f"http://localhost{MOUNT}changes?run=" in feed
    index = client.get(MOUNT).get_data(as_text=True)
    assert f'href="{MOUNT}changes.atom"' in index and f'href="{MOUNT}vendor/bootstrap.min.css?v=' in index


def test_a_header_rendered_before_the_address_is_known_links_under_the_mount(mounted_app):
    with mounted_app.server.test_request_context(MOUNT):
        header = render_header(None, "?lang=en")
    links = [c.href for c in header._traverse() if isinstance(getattr(c, "href", None), str)]
    assert links and all(link.startswith((MOUNT, "#")) for link in links), links
