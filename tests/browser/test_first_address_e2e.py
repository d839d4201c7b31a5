"""The first layout is rendered for the address in the request's Referer (dashboard/first_layout.py).
Where a browser setting, an extension or a proxy trims that Referer to the origin, the layout is the
overview's while the bar names another page: assets/first_address.js has the page router render the
page the bar names, in Chromium."""
from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import LIVE_CHART

pytestmark = pytest.mark.browser


def test_a_referer_trimmed_to_the_origin_still_shows_the_page_asked_for(page, live_server, console_errors):
    layouts: list[bytes] = []

    def trimmed(route):
        # the server's answer to the Referer strict-origin would send (Chromium will not let a test set it)
        asked = urllib.request.Request(route.request.url, headers={"Referer": live_server + "/"})
        with urllib.request.urlopen(asked, timeout=60) as answer:
            layouts.append(answer.read())
        route.fulfill(status=200, content_type="application/json", body=layouts[-1])
    page.route("**/_dash-layout", trimmed)
    page.goto(live_server + "/compare?lang=en")
    expect(page.locator("#cmp-series")).to_be_attached(timeout=60_000)  # the compare page, not the overview
    expect(page.locator(LIVE_CHART).first).to_be_attached(timeout=60_000)
    assert layouts and b"ov-theme" in layouts[0], "the overview's layout was not served: the test proves nothing"
    assert page.locator("#ov-theme").count() == 0
    assert "/compare" in page.url and console_errors == []


def test_the_first_layout_names_its_address_when_the_referer_is_whole(page, live_server):
    page.goto(live_server + "/compare?lang=en")
    holder = page.locator("#react-entry-point [data-first-address]")  # Dash's page, not the first paint
    expect(holder).to_have_attribute("data-first-address", "/compare?lang=en", timeout=60_000)
    expect(page.locator("#cmp-series")).to_be_attached()
