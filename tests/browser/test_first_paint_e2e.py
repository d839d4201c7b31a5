"""The first paint in Chromium (dashboard/first_paint.py): a chart page shows itself, chart drawn, before
Dash has run; nothing in it can be focused or clicked; Dash's page then takes its place exactly where it
was (no element moves), and the first paint is gone. A first paint that cannot draw steps aside."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import LIVE_CHART

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 900}
PAGES = {
    "overview": "/?lang=zh",
    "indicator": "/indicator/hsr-intercity-rail-km?region=tianjin&lang=en",
    "compare": "/compare?lang=en",
    "tracked link": "/indicator/hsr-intercity-rail-km?region=tianjin&lang=en&utm_source=x",  # a notice above
}
# what a reader sees first on each page: each must be where Dash's page will put it
LANDMARKS = (".site-header", ".main-nav", "h1", ".alert", ".dash-dropdown", ".dash-options-list", ".view-notice",
             ".chart-toolbar", ".dash-graph", ".main-svg", ".theme-heading", "article", "dl", ".page-indicator h2")
RECTS = """([root, selectors]) => {
  const scope = document.querySelector(root);
  const rects = {};
  for (const selector of selectors) {
    rects[selector] = Array.from(scope.querySelectorAll(selector)).slice(0, 6).map(el => {
      const r = el.getBoundingClientRect();
      return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
    }).filter(r => r[1] < innerHeight);  // on the first screen
  }
  return rects;
}"""


def _first_paint_only(page, url: str) -> None:
    """Open `url` with every script but plotly.js and the first paint's withheld: what shows is the first
    paint alone (dcc's CSS from the index, not from dcc's own scripts)."""
    page.route("**/_dash-component-suites/**", lambda route: route.abort())
    page.route(re.compile(r".*/assets/(?!vendor/|first_paint).*\.js.*"), lambda route: route.abort())
    page.goto(url)
    expect(page.locator("#first-paint .main-svg").first).to_be_visible()


@pytest.mark.parametrize("name", list(PAGES))
def test_dashs_page_takes_the_first_paints_place_without_moving_anything(browser, live_server, name, screenshots):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        first = context.new_page()
        _first_paint_only(first, live_server + PAGES[name])
        painted = first.evaluate(RECTS, ["#first-paint", list(LANDMARKS)])
        first.screenshot(path=str(screenshots / f"first-paint-{name.replace(' ', '-')}.png"))
        first.close()

        live = context.new_page()
        errors: list[str] = []
        live.on("pageerror", lambda exc: errors.append(str(exc)))
        live.goto(live_server + PAGES[name])
        expect(live.locator(LIVE_CHART).first).to_be_visible()
        expect(live.locator("#first-paint")).to_have_count(0)
        expect(live.locator("#first-paint-figures")).to_have_count(0)
        shown = live.evaluate(RECTS, ["#react-entry-point", list(LANDMARKS)])
        # the first paint's script asked for Dash's first layout, deferred behind the chart, and Dash used that
        assert live.evaluate("performance.getEntriesByType('resource').filter(r => r.name.endsWith('/_dash-layout'))"
                             ".map(r => r.initiatorType)") == ["link"]
        live.screenshot(path=str(screenshots / f"first-paint-{name.replace(' ', '-')}-live.png"))
    finally:
        context.close()
    compared = [selector for selector in LANDMARKS if painted[selector]]
    assert len(compared) >= 4, f"too few landmarks on the first screen to compare: {compared}"
    moved = {selector: (painted[selector], shown[selector]) for selector in compared
             if any(abs(a - b) > 1 for p, s in zip(painted[selector], shown[selector]) for a, b in zip(p, s))
             or len(painted[selector]) != len(shown[selector])}
    assert not moved, f"elements that move when Dash's page takes over ([x, y, width, height]): {moved}"
    assert errors == []


def test_the_first_paint_cannot_be_focused_or_read_twice(page, live_server):
    page.set_viewport_size(VIEWPORT)
    _first_paint_only(page, live_server + PAGES["compare"])
    paint = page.locator("#first-paint")
    expect(paint).to_have_attribute("aria-hidden", "true")
    assert page.evaluate("document.getElementById('first-paint').inert") is True
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate("!(document.activeElement && document.activeElement.closest('#first-paint'))")
    # ids stay unique: none of the page's (plotly names its own clip paths and modebar uniquely per chart)
    assert page.evaluate("Array.from(document.querySelectorAll('#first-paint [id]'))"
                         ".filter(el => !el.closest('.js-plotly-plot')).length") == 0


def test_after_the_swap_the_live_page_answers_the_keyboard(page, live_server, console_errors):
    page.set_viewport_size(VIEWPORT)
    page.goto(live_server + PAGES["compare"])
    expect(page.locator(LIVE_CHART).first).to_be_visible()
    expect(page.locator("#first-paint")).to_have_count(0)
    page.keyboard.press("Tab")  # the skip link, the first control of Dash's page
    assert page.evaluate("document.activeElement.id") == "skip-link"
    assert console_errors == []


def test_a_first_paint_that_cannot_draw_steps_aside_and_the_page_loads_as_usual(page, live_server, console_errors):
    page.set_viewport_size(VIEWPORT)

    broken = []

    def broken_figures(route):
        answer = route.fetch()
        broken.append(route.request.url)
        body = re.sub(r'(<script type="application/json" id="first-paint-figures">).*?(</script>)', r"\1{broken\2",
                      answer.text(), flags=re.S)
        route.fulfill(response=answer, body=body)
    page.route(re.compile(r".*/indicator/[^/?]+\?.*"), broken_figures)
    page.goto(live_server + PAGES["indicator"])
    expect(page.locator(LIVE_CHART).first).to_be_visible()
    expect(page.locator("#first-paint")).to_have_count(0)
    expect(page.locator("#indicator-chart")).to_be_visible()
    assert broken, "the index was not intercepted: the test proves nothing"
    assert console_errors == []


@pytest.fixture()
def browser_with_scrollbars(browser_type, browser_type_launch_args):
    """Chromium as on a desktop with classic scrollbars, which take 15 px (headless hides them)."""
    browser = browser_type.launch(**browser_type_launch_args, ignore_default_args=["--hide-scrollbars"])
    yield browser
    browser.close()


@pytest.mark.parametrize("name", ["indicator", "compare"])
def test_a_chart_drawn_before_the_scrollbar_came_fits_its_box(browser_with_scrollbars, live_server, name):
    """The first chart is drawn before the rest of the page is parsed, when the page may not yet need a
    scrollbar; once it does, the chart must narrow with its box."""
    page = browser_with_scrollbars.new_page(viewport=VIEWPORT)
    try:
        _first_paint_only(page, live_server + PAGES[name])
        page.wait_for_load_state("domcontentloaded")
        widths = "() => ({box: document.querySelector('#first-paint [data-first-paint-figure]').clientWidth," \
                 " chart: document.querySelector('#first-paint .main-svg').getBoundingClientRect().width," \
                 " scrollbar: innerWidth - document.documentElement.clientWidth})"
        for _ in range(50):  # plotly lays a chart out again in an animation frame
            seen = page.evaluate(widths)
            if seen["chart"] == seen["box"]:
                break
            page.wait_for_timeout(100)
    finally:
        page.close()
    assert seen["scrollbar"] > 0, f"no scrollbar on {name}: the test proves nothing ({seen})"
    assert seen["chart"] == seen["box"], f"the first paint's chart overflows its box: {seen}"
