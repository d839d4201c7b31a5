"""Keyboard only: every control is reached with Tab and operated with Enter, Space and the arrow keys,
and each choice shows in the URL (or, for the grid's own filters, in the row count). No mouse and no
element.click()/fill(): focus moves only by key presses, so an unreachable control fails the test."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAX_TABS = 80
MANY_REGIONS = "hightech-enterprises"  # an indicator stated for several regions  # more Tab presses than any page has stops before its last control


def open_page(page, url: str, ready: str):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    page.wait_for_selector(ready, timeout=20_000)
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


def choose_in_dropdown(page, typed: str, open_key: str = "Enter", pick_key: str = "Enter") -> None:
    """Open the focused dcc.Dropdown, type to narrow its options, pick the first one left.
    (Space on the closed dropdown types a space into its search, as letters do: Enter or ArrowDown opens it.)"""
    page.keyboard.press(open_key)
    page.wait_for_selector(".dash-dropdown-content .dash-options-list-option")
    if typed:
        page.keyboard.type(typed)
        expect(page.locator(".dash-dropdown-content .dash-options-list-option").first).to_contain_text(
            typed, ignore_case=True)  # the list has narrowed
    page.keyboard.press("ArrowDown")
    page.keyboard.press(pick_key)


def rerendered(page, selector: str, before: str) -> None:
    """Wait until the page has re-rendered from the new URL: `selector`'s text is no longer `before`."""
    expect(page.locator(selector)).not_to_have_text(before)


def test_skip_link_and_language_switch(page, live_server, console_errors):
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


def test_overview_filters(page, live_server, console_errors):
    open_page(page, live_server + "/?lang=en", ".indicator-card")
    tab_to(page, "#ov-theme")
    choose_in_dropdown(page, "Port &")
    expect(page).to_have_url(re.compile(r"theme=port-trade"))
    expect(page.locator(".theme-heading")).to_have_text(["Port & trade"])
    expect(page.locator("#ov-theme")).to_be_focused()  # the re-rendered page gives the focus back

    tab_to(page, "#ov-status")
    count = page.locator("#ov-count").inner_text()
    choose_in_dropdown(page, "", open_key="ArrowDown", pick_key="Space")
    expect(page).to_have_url(re.compile(r"status=\w+"))
    rerendered(page, "#ov-count", count)

    tab_to(page, "#ov-target input")  # Tab enters the radio group on its checked radio
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"has_target=yes"))
    expect(page.locator("#ov-target input[value=yes]")).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"has_target=no"))
    assert "theme=port-trade" in page.url
    assert console_errors == []


def test_indicator_region_picker_and_download(page, live_server, console_errors):
    open_page(page, live_server + f"/indicator/{MANY_REGIONS}?lang=en", "#ind-region")
    start = re.search(r"region=([\w-]+)", page.locator("#download-indicator").get_attribute("href")).group(1)
    tab_to(page, "#ind-region")
    page.keyboard.press("Enter")
    page.wait_for_selector(".dash-dropdown-content .dash-options-list-option")
    options = page.locator(".dash-dropdown-content .dash-options-list-option input").evaluate_all(
        "els => els.map(e => e.value)")
    other = next(v for v in options if v != start)
    for _ in range(len(options) + 2):  # arrow through the list (and its search box) to that region
        if page.evaluate("document.activeElement.value") == other:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"region={other}"))
    expect(page.locator("#download-indicator")).to_have_attribute("href", re.compile(rf"region={other}$"))
    expect(page.locator("#ind-region")).to_be_focused()

    tab_to(page, "#download-indicator")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
    assert download.value.url.endswith(f"/download/indicator/{MANY_REGIONS}.csv?region={other}")
    assert console_errors == []


def test_compare_series_and_chart_mode(page, live_server, console_errors):
    open_page(page, live_server + "/compare?series=container-throughput:tianjin-port&lang=en",
              ".js-plotly-plot .main-svg")
    tab_to(page, "#cmp-series")
    choose_in_dropdown(page, "high-speed")
    expect(page).to_have_url(re.compile(r"series=container-throughput(:|%3A)tianjin-port(,|%2C)hsr"))
    page.wait_for_function("document.querySelector('#compare-chart .js-plotly-plot').data.length === 2")

    tab_to(page, "#cmp-mode input")
    start = page.locator("#cmp-mode input:checked").get_attribute("value")
    page.keyboard.press("ArrowRight")
    expect(page).not_to_have_url(re.compile(rf"mode={start}"))
    expect(page).to_have_url(re.compile(r"mode=\w+"))
    chosen = re.search(r"mode=(\w+)", page.url).group(1)
    expect(page.locator(f"#cmp-mode input[value={chosen}]")).to_be_checked()
    expect(page.locator(f"#cmp-mode input[value={chosen}]")).to_be_focused()
    assert console_errors == []


def test_data_filters_download_and_grid(page, live_server, console_errors):
    open_page(page, live_server + "/data?lang=en", ".ag-row")
    tab_to(page, "#data-theme")
    count = page.locator("#data-count").inner_text()
    choose_in_dropdown(page, "Port &")
    expect(page).to_have_url(re.compile(r"theme=port-trade"))
    rerendered(page, "#data-count", count)

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
