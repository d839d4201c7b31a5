"""In Chromium: the pages announce the Atom feed and /changes links to it; the feed and the OpenAPI
description linked from /method open and parse."""
from __future__ import annotations

import json

import feedparser
import pytest

pytestmark = pytest.mark.browser


def test_the_changes_page_announces_and_links_the_feed(page, live_server, console_errors):
    page.goto(live_server + "/changes?lang=en")
    page.wait_for_selector("#chg-feed", timeout=20_000)
    assert page.locator('head link[rel="alternate"][type="application/atom+xml"]').get_attribute("href") == \
        "/changes.atom"
    with page.expect_response(lambda r: "/changes.atom" in r.url) as answer:
        page.click("#chg-feed")
    response = answer.value
    assert response.status == 200 and response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.body())
    assert not parsed.bozo and parsed.entries and parsed.feed.title == "Jing-Jin-Ji indicators: what changed"
    assert console_errors == []


def test_the_method_page_links_the_openapi_description(page, live_server, console_errors):
    page.goto(live_server + "/method?lang=en")
    page.wait_for_selector("#method-api-table", timeout=20_000)
    assert page.locator("#method-api-table a", has_text="/api/indicators").first.get_attribute("href") == \
        "/api/indicators"
    with page.expect_response(lambda r: r.url.endswith("/api/openapi.json")) as answer:
        page.click("#method-openapi")
    description = json.loads(answer.value.body())
    assert description["openapi"] == "3.1.0" and "/api/indicators" in description["paths"]
    assert console_errors == []
