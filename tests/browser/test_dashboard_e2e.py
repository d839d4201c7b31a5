"""The dashboard in headless Chromium: overview, language, filters, indicator pages, shared links,
downloads, console errors, screenshots and time to first chart."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import LIVE_CHART, wait_for_live

pytestmark = pytest.mark.browser

HSR = "/indicator/hsr-intercity-rail-km?region=tianjin"
PORT = "/indicator/container-throughput?region=tianjin-port"
PAGES = {"overview": "/", "indicator": HSR, "compare": "/compare", "sources": "/sources?doc=tianjin-ten-years-review",
         "data": "/data", "changes": "/changes", "method": "/method"}


def open_page(page, url: str, ready: str = LIVE_CHART):
    """Load `url` and wait until `ready` shows and the network is quiet; the document's response."""
    response = page.goto(url)
    page.wait_for_selector(ready, timeout=20_000)
    wait_for_live(page)
    page.wait_for_load_state("networkidle")
    return response


def traces(page, graph_id: str) -> list[dict]:
    return page.evaluate(f"""() => document.querySelector('#{graph_id} .js-plotly-plot').data
                              .map(t => ({{meta: t.meta, name: t.name, x: t.x, y: t.y}}))""")


def test_overview_shows_cards_headline_and_status(page, live_server, console_errors):
    open_page(page, live_server + "/")
    expect(page.locator("#headline-2030")).to_contain_text("510公里（2030年）")
    expect(page.locator(".indicator-card").first).to_be_visible()
    expect(page.locator("#header-counts")).to_contain_text("项指标")
    expect(page.locator(".indicator-card .status").first).to_be_visible()
    # the status chart keeps its height in a normal window (a full-page screenshot would hide a collapse)
    assert page.locator("#ov-status-chart").bounding_box()["height"] > 200
    print(f"\ntime to first chart, overview: {page.evaluate('window.__firstChart'):.0f} ms")
    assert console_errors == []


def test_switch_language_keeps_the_view(page, live_server, console_errors):
    open_page(page, live_server + "/?theme=transport")
    page.click("#lang-en")
    expect(page).to_have_url(re.compile(r"theme=transport.*lang=en|lang=en.*theme=transport"))
    expect(page.locator("#header-counts")).to_contain_text("indicators")
    expect(page.locator("#headline-2030")).to_contain_text("510 km by 2030")
    expect(page.locator(".theme-heading")).to_have_text(["Transport"])
    assert page.evaluate("document.documentElement.lang") == "en"
    page.click("#lang-zh")
    expect(page.locator(".theme-heading")).to_have_text(["交通"])
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert console_errors == []


# per page: an element the language switch must keep (re-rendered into, not replaced), and its English heading
KEPT_BY_SWITCH = {"overview": (".indicator-card", "Overview"), "changes": ("#chg-runs", "What changed"),
                  "method": ("#definitions", "Method")}


@pytest.mark.parametrize("name", list(KEPT_BY_SWITCH))
def test_switching_language_updates_the_page_in_place(page, live_server, console_errors, name):
    """The switch writes the new words into the elements already there. Dash 4.2.0-4.4.1 remounted every
    component a callback returns (plotly/dash#3846): on the changes page that took 10 s instead of 0.5 s."""
    kept, heading = KEPT_BY_SWITCH[name]
    open_page(page, live_server + PAGES[name], ready=kept)
    page.evaluate("""kept => { window.__kept = document.querySelector(kept);
                               window.__header = document.querySelector('#header-counts'); }""", kept)
    page.click("#lang-en")
    expect(page.locator("#header-counts")).to_contain_text("indicators")
    expect(page.locator("#main-content h1")).to_have_text(heading)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("kept => window.__kept === document.querySelector(kept)", kept), "the page was remounted"
    assert page.evaluate("window.__header === document.querySelector('#header-counts')"), "the header was remounted"
    assert console_errors == []


def test_filter_by_theme_writes_the_url(page, live_server, console_errors):
    open_page(page, live_server + "/?lang=en")
    page.click("#ov-theme")
    page.get_by_role("option", name="Port & trade").click()
    expect(page).to_have_url(re.compile(r"theme=port-trade"))
    expect(page.locator(".theme-heading")).to_have_text(["Port & trade"])
    page.get_by_label("Has a target").check()
    expect(page).to_have_url(re.compile(r"has_target=yes"))
    assert console_errors == []


def test_indicator_page_chart_target_line_and_evidence(page, live_server, console_errors):
    open_page(page, live_server + HSR + "&lang=en")
    print(f"\ntime to first chart, indicator page: {page.evaluate('window.__firstChart'):.0f} ms")
    target_line = next(t for t in traces(page, "indicator-chart") if t["meta"] == "target_line")
    assert target_line["y"] == [510, 510]
    expect(page.locator("#indicator-chart .legendtext", has_text="target line")).to_be_visible()
    expect(page.locator("#evidence-list")).to_contain_text("到2030年，高铁、城际里程达到510公里")
    expect(page.locator("#evidence-list mark", has_text="510")).to_be_visible()
    link = page.locator("#download-indicator")
    assert link.get_attribute("href") == "/download/indicator/hsr-intercity-rail-km.csv?region=tianjin"
    response = page.request.get(live_server + link.get_attribute("href"))
    if response.status != 404:  # the route belongs to the downloads work; check it once it is there
        assert response.ok
        body = response.text()
        assert "hsr-intercity-rail-km" in body and "510" in body
    assert console_errors == []


def test_port_page_marks_lower_bounds_and_region_switch(page, live_server, console_errors):
    open_page(page, live_server + PORT)
    bounds = next(t for t in traces(page, "indicator-chart") if t["meta"] == "lower_bound")
    assert 23290000 in bounds["y"]
    expect(page.locator("#indicator-chart .legendtext", has_text="下限")).to_be_visible()
    expect(page.locator("#evidence-list")).to_contain_text("吞吐量突破2329万标准箱")
    assert console_errors == []


def test_shared_url_reopens_the_same_view(page, live_server, console_errors, context):
    url = (live_server + "/compare?series=container-throughput:tianjin-port,hsr-intercity-rail-km:tianjin"
           "&mode=small&lang=en")
    open_page(page, url)
    first = traces(page, "compare-chart")
    other = context.new_page()
    open_page(other, url)
    assert traces(other, "compare-chart") == first and len(first) == 2
    expect(other.locator("#cmp-mode input[value=small]")).to_be_checked()
    open_page(other, live_server + "/?theme=port-trade&has_target=no&lang=en")
    expect(other.locator(".theme-heading")).to_have_text(["Port & trade"])
    expect(other.locator("#ov-target input[value=no]")).to_be_checked()
    assert console_errors == []


def test_bad_links_show_a_message(page, live_server, console_errors):
    response = page.goto(live_server + "/indicator/no-such-thing?lang=en")
    assert response.status == 404  # for link checkers; the reader still gets the page and its message
    page.wait_for_selector(".not-found")
    expect(page.locator(".not-found")).to_contain_text("no-such-thing")
    # the browser reports the document's own 404; nothing else may fail
    assert [e for e in console_errors if "404" not in e] == []
    console_errors.clear()
    open_page(page, live_server + "/?theme=bogus&lang=en")
    expect(page.locator(".bad-param")).to_contain_text("theme=bogus")
    assert console_errors == []


def test_data_page_grid_and_filtered_download(page, live_server, console_errors):
    open_page(page, live_server + "/data?theme=port-trade&lang=en", ready=".ag-row")
    assert page.locator("#data-download").get_attribute("href") == "/download/observations.csv?theme=port-trade"
    expect(page.locator(".ag-row").first).to_be_visible()
    assert console_errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots_of_every_page(page, live_server, console_errors, screenshots, lang):
    page.set_viewport_size({"width": 1280, "height": 900})
    for name, path in PAGES.items():
        sep = "&" if "?" in path else "?"
        ready = {"sources": "#doc-statements", "data": ".ag-row", "method": "#definitions",
                 "changes": "#chg-runs"}.get(
            name, LIVE_CHART)
        open_page(page, live_server + path + (f"{sep}lang=en" if lang == "en" else ""), ready=ready)
        page.screenshot(path=str(screenshots / f"{name}-{lang}.png"), full_page=name != "overview")
    assert console_errors == []


def test_phone_width_layout(page, live_server, console_errors, screenshots):
    page.set_viewport_size({"width": 375, "height": 812})
    open_page(page, live_server + "/")
    page.screenshot(path=str(screenshots / "overview-zh-375px.png"))
    open_page(page, live_server + HSR)
    page.screenshot(path=str(screenshots / "indicator-zh-375px.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert console_errors == []
