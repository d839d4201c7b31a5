"""Every page works in Chromium with the Content-Security-Policy enforced: no violation reported,
its chart or table drawn, its callbacks run (the language switch re-renders the page)."""
from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlparse

import pytest
from playwright.sync_api import expect

from .conftest import LIVE_CHART, wait_until
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
    response = open_page(csp_page, live_server + PAGES[name], ready=READY.get(name, LIVE_CHART))
    policy = response.headers["content-security-policy"]
    assert "'unsafe-eval'" not in policy and "frame-ancestors 'none'" in policy
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
    wait_until(csp_page, "window.__csp.length > 0")
    assert csp_page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src") for v in csp_page.evaluate("window.__csp"))


EMBEDS = ["/embed/indicator/hsr-intercity-rail-km?region=tianjin", "/embed/compare"]


@pytest.fixture(scope="module")
def other_site():
    """Another origin (its own port) whose page frames the address given as ?src=; it sets no policy."""
    class Host(BaseHTTPRequestHandler):
        def do_GET(self):
            src = html.escape(parse_qs(urlparse(self.path).query).get("src", [""])[0])
            body = f'<!doctype html><iframe id="f" src="{src}" width="800" height="600"></iframe>'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Host)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/?src="
    server.shutdown()


@pytest.mark.parametrize("path", EMBEDS)
def test_an_embed_draws_inside_another_sites_frame(csp_page, live_server, other_site, console_errors, path):
    response = csp_page.goto(live_server + path)
    assert "frame-ancestors" not in response.headers["content-security-policy"]
    assert "x-frame-options" not in response.headers
    csp_page.goto(other_site + quote(live_server + path))
    frame = csp_page.frame_locator("#f")
    expect(frame.locator(".js-plotly-plot .main-svg .trace").first).to_be_attached(timeout=20_000)
    assert frame.locator("body").evaluate("() => window.__csp") == [] and console_errors == []


def test_a_full_page_refuses_to_be_framed(csp_page, live_server, other_site, console_errors):
    csp_page.goto(other_site + quote(live_server + "/compare"))

    def refused() -> bool:
        return any("frame-ancestors" in e or "refused" in e.lower() for e in console_errors)

    for _ in range(200):  # the refusal is logged once the frame's response arrives; up to 10 s
        if refused():
            break
        csp_page.wait_for_timeout(50)  # Playwright delivers console events while it waits
    assert refused()
    assert csp_page.frame_locator("#f").locator("#site-header").count() == 0
