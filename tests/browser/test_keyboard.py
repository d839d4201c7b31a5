"""Keyboard only: every control is reached with Tab and operated with Enter, Space and the arrow keys,
and each choice shows in the URL (or, for the grid's own filters, in the row count). No mouse and no
element.click()/fill(): focus moves only by key presses, so an unreachable control fails the test."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .conftest import LIVE_CHART, wait_for_live, wait_until

pytestmark = pytest.mark.browser

MAX_TABS = 80  # more Tab presses than any page has stops before its last control
MANY_REGIONS = "hightech-enterprises"  # an indicator stated for several regions


class DashTraffic:
    """Counts the page's callback requests, to wait until a choice has gone through and the page has
    re-rendered (a key pressed mid-render would land on a control about to be replaced)."""

    def __init__(self, page):
        self.page, self.pending, self.done = page, 0, 0
        page.on("request", lambda r: self._count(r, +1))
        page.on("requestfinished", lambda r: self._count(r, -1))
        page.on("requestfailed", lambda r: self._count(r, -1))

    def _count(self, request, step):
        if "/_dash-update-component" in request.url:
            self.pending += step
            self.done += step < 0

    def settled(self, since: int) -> None:
        """Wait until a callback has answered after `since` (a `done` count) and none is in flight."""
        quiet = 0  # frames in a row with nothing in flight: a chained callback starts within a frame
        for _ in range(600):
            self.page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            quiet = quiet + 1 if self.done > since and self.pending == 0 else 0
            if quiet >= 5:
                return
        raise AssertionError("the page did not settle")


@pytest.fixture()
def traffic(page):
    return DashTraffic(page)


def open_page(page, url: str, ready: str):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    page.wait_for_selector(ready, timeout=20_000)
    wait_for_live(page)
    page.wait_for_load_state("networkidle")


def focused_matches(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if focused_matches(page, selector):
            return
    raise AssertionError(f"{selector} is not reachable with {key}")


OPTION_FOCUSED = "!!document.activeElement.closest('.dash-dropdown-content .dash-options-list-option')"


def choose_in_dropdown(page, typed: str, open_key: str = "Enter", pick_key: str = "Enter") -> None:
    """Open the focused dcc.Dropdown, type to narrow its options, arrow down to the first one, pick it.
    (Space on the closed dropdown types a space into its search, as letters do: Enter or ArrowDown opens it.)"""
    page.keyboard.press(open_key)
    page.wait_for_selector(".dash-dropdown-content .dash-options-list-option")
    wait_until(page, "!!document.activeElement.closest('.dash-dropdown-content')")  # focus moved in
    if typed:
        page.keyboard.type(typed)
        expect(page.locator(".dash-dropdown-content .dash-options-list-option").first).to_contain_text(
            typed, ignore_case=True)  # the list has narrowed
    for _ in range(5):  # the list takes arrow keys once it has wired its handlers, a frame or two after opening
        page.keyboard.press("ArrowDown")
        try:
            wait_until(page, OPTION_FOCUSED, timeout=1000)
            break
        except PlaywrightTimeout:
            continue
    page.keyboard.press(pick_key)


def test_skip_link_and_language_switch(page, live_server, console_errors, traffic):
    open_page(page, live_server + "/?theme=transport", ".indicator-card")
    page.keyboard.press("Tab")
    assert focused_matches(page, "#skip-link")  # the first stop on every page
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    assert "#" not in page.url  # the skip link does not ride along in shared links
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main-content').contains(document.activeElement)")

    tab_to(page, "#lang-en", "Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"theme=transport.*lang=en|lang=en.*theme=transport"))
    expect(page.locator(".theme-heading")).to_have_text(["Transport"])
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.locator("#lang-en")).to_be_focused()  # focus stays where the reader was
    page.keyboard.press("Shift+Tab")
    assert focused_matches(page, "#lang-zh")
    page.keyboard.press("Enter")
    expect(page.locator(".theme-heading")).to_have_text(["交通"])
    assert "lang=en" not in page.url
    assert console_errors == []


def test_overview_filters(page, live_server, console_errors, traffic):
    open_page(page, live_server + "/?lang=en", ".indicator-card")
    tab_to(page, "#ov-theme")
    since = traffic.done
    choose_in_dropdown(page, "Port &")
    expect(page).to_have_url(re.compile(r"theme=port-trade"))
    expect(page.locator(".theme-heading")).to_have_text(["Port & trade"])
    traffic.settled(since)
    expect(page.locator("#ov-theme")).to_be_focused()  # the re-rendered page gives the focus back

    tab_to(page, "#ov-status")
    since = traffic.done
    choose_in_dropdown(page, "", open_key="ArrowDown", pick_key="Space")
    expect(page).to_have_url(re.compile(r"status=\w+"))
    traffic.settled(since)

    tab_to(page, "#ov-target input")  # Tab enters the radio group on its checked radio
    since = traffic.done
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"has_target=yes"))
    traffic.settled(since)
    expect(page.locator("#ov-target input[value=yes]")).to_be_checked()
    expect(page.locator("#ov-target input[value=yes]")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"has_target=no"))
    assert "theme=port-trade" in page.url
    assert console_errors == []


def test_indicator_region_picker_and_download(page, live_server, console_errors, traffic):
    open_page(page, live_server + f"/indicator/{MANY_REGIONS}?lang=en", "#ind-region")
    start = re.search(r"region=([\w-]+)", page.locator("#download-indicator").get_attribute("href")).group(1)
    tab_to(page, "#ind-region")
    page.keyboard.press("Enter")
    page.wait_for_selector(".dash-dropdown-content .dash-options-list-option")
    wait_until(page, "!!document.activeElement.closest('.dash-dropdown-content')")
    options = page.locator(".dash-dropdown-content .dash-options-list-option input").evaluate_all(
        "els => els.map(e => e.value)")
    other = next(v for v in options if v != start)
    since = traffic.done
    for _ in range(len(options) + 2):  # arrow through the list (and its search box) to that region
        current = page.evaluate("document.activeElement.value")
        if current == other:
            break
        page.keyboard.press("ArrowDown")
        try:  # wait for this key's move before the next (the list may take a frame to wire its keys)
            wait_until(page, "v => document.activeElement.value !== v", arg=current, timeout=1000)
        except PlaywrightTimeout:
            continue
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"region={other}"))
    expect(page.locator("#download-indicator")).to_have_attribute("href", re.compile(rf"region={other}$"))
    traffic.settled(since)
    expect(page.locator("#ind-region")).to_be_focused()

    tab_to(page, "#ind-view input")  # the chart/table switch
    since = traffic.done
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"view=table"))
    traffic.settled(since)
    expect(page.locator(".chart-table")).to_be_visible()

    tab_to(page, "#download-indicator", "Shift+Tab")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
    assert download.value.url.endswith(f"/download/indicator/{MANY_REGIONS}.csv?region={other}")
    assert console_errors == []


def test_compare_series_and_chart_mode(page, live_server, console_errors, traffic):
    open_page(page, live_server + "/compare?series=container-throughput:tianjin-port&lang=en",
              LIVE_CHART)
    tab_to(page, "#cmp-series")
    since = traffic.done
    choose_in_dropdown(page, "high-speed")
    expect(page).to_have_url(re.compile(r"series=container-throughput(:|%3A)tianjin-port(,|%2C)hsr"))
    # a multi-select stays open for another pick: Escape closes it and gives focus back to the control
    page.keyboard.press("Escape")
    expect(page.locator(".dash-dropdown-content")).to_have_count(0)
    expect(page.locator("#cmp-series")).to_be_focused()
    traffic.settled(since)
    wait_until(page, "document.querySelector('#compare-chart .js-plotly-plot').data.length === 2")

    tab_to(page, "#cmp-mode input")
    start = page.locator("#cmp-mode input:checked").get_attribute("value")
    page.keyboard.press("ArrowRight")
    expect(page).not_to_have_url(re.compile(rf"mode={start}"))
    expect(page).to_have_url(re.compile(r"mode=\w+"))
    chosen = re.search(r"mode=(\w+)", page.url).group(1)
    expect(page.locator(f"#cmp-mode input[value={chosen}]")).to_be_checked()
    expect(page.locator(f"#cmp-mode input[value={chosen}]")).to_be_focused()
    assert console_errors == []


def test_data_filters_download_and_grid(page, live_server, console_errors, traffic):
    open_page(page, live_server + "/data?lang=en", ".ag-row")
    tab_to(page, "#data-theme")
    since = traffic.done
    choose_in_dropdown(page, "Port &")
    expect(page).to_have_url(re.compile(r"theme=port-trade"))
    traffic.settled(since)

    tab_to(page, "#data-download")
    assert page.locator("#data-download").get_attribute("href") == "/download/observations.csv?theme=port-trade"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")

    # AG Grid's own column filter: Tab into the header, Ctrl+Enter opens the filter, typing filters
    total = page.locator("#data-count").inner_text()
    tab_to(page, '.ag-header-cell[col-id="kind"]')
    page.keyboard.press("Enter")  # sorts by the column
    expect(page.locator('.ag-header-cell[col-id="kind"]')).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".ag-filter input").first).to_be_focused()
    page.keyboard.type("target")
    expect(page.locator("#data-count")).to_have_text(re.compile(r"^\d+ of \d+ rows"))
    assert page.locator("#data-count").inner_text() != total
    page.keyboard.press("Escape")
    expect(page.locator('.ag-header-cell[col-id="kind"]')).to_be_focused()
    assert console_errors == []
