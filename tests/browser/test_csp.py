"""Every page works in Chromium with the Content-Security-Policy enforced: no violation reported,
its chart or table drawn, its callbacks run (the language switch re-renders the page)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_dashboard_e2e import PAGES, open_page

pytestmark = pytest.mark.browser

# Collects the browser's securitypolicyviolation events from the first byte of every document.
VIOLATIONS_SCRIPT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '')));
"""
READY = {"sources": "#doc-statements", "data": ".ag-row", "method": "#definitions", "changes": "#chg-runs"}
CHARTS = ("overview", "indicator", "compare")


@pytest.fixture()
def csp_page(page, console_errors):
    page.add_init_script(VIOLATIONS_SCRIPT)
    page.refused = []  # requests the server refused: the callback guard must accept what the renderer sends
    page.on("response", lambda r: page.refused.append((r.status, r.url)) if r.status >= 400 else None)
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_page_works_under_the_policy(csp_page, live_server, console_errors, name):
    response = csp_page.goto(live_server + PAGES[name])
    policy = response.headers["content-security-policy"]
    assert "'unsafe-eval'" not in policy and "frame-ancestors 'none'" in policy
    open_page(csp_page, live_server + PAGES[name], ready=READY.get(name, ".js-plotly-plot .main-svg"))
    if name in CHARTS:
        assert csp_page.locator(".js-plotly-plot .main-svg .trace").count() > 0  # plotly drew traces, not just axes
    csp_page.click("#lang-en")  # a server callback re-renders header and page in English
    expect(csp_page.locator("#header-counts")).to_contain_text("indicators")
    csp_page.wait_for_load_state("networkidle")
    assert csp_page.evaluate("window.__csp") == []
    assert csp_page.refused == [] and console_errors == []


def test_the_policy_blocks_an_injected_inline_script(csp_page, live_server):
    """The check above can fail: a script the policy does not list is blocked and reported."""
    open_page(csp_page, live_server + "/")
    csp_page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = 'window.__injected = true'; document.body.appendChild(s); }""")
    csp_page.wait_for_function("window.__csp.length > 0")
    assert csp_page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src") for v in csp_page.evaluate("window.__csp"))
