"""The method page's rules and deviations table in headless Chromium, in both languages, with screenshots
(artifacts/screenshots/method-rules-{zh,en}.png)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from etl.progress import DEVIATIONS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang,heading,base_year", [
    ("zh", "与公开方法的不同之处及理由", "基年为2014年"),
    ("en", "Where this differs from the published method", "The base year is 2014")])
def test_method_page_states_every_rule(page, live_server, console_errors, screenshots, lang, heading, base_year):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/method?lang={lang}")
    page.wait_for_selector("#method-rules", timeout=20_000)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#method-rule-baseline")).to_contain_text(base_year)
    expect(page.locator("#method-rule-with-target")).to_contain_text("0.95")
    expect(page.locator("#method-rule-zero")).to_contain_text("0.001")
    expect(page.get_by_text(heading)).to_be_visible()
    expect(page.locator("#method-deviations tbody tr")).to_have_count(len(DEVIATIONS))
    page.locator("#method-progress-rules").screenshot(path=str(screenshots / f"method-rules-{lang}.png"))
    assert console_errors == []
