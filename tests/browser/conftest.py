"""End-to-end fixtures: the dashboard on a werkzeug thread, Debian's Chromium driven by Playwright."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"

# Dash's own chart, drawn: the page is live (hover, zoom, controls). A chart page first shows a static copy
# of itself (dashboard/first_paint.py) whose chart also matches ".js-plotly-plot .main-svg"; Dash's page is
# hidden until it has drawn, so waiting for this one to be visible waits for the live page.
LIVE_CHART = "#react-entry-point .js-plotly-plot .main-svg"



def wait_for_live(page) -> None:
    """Wait until Dash's page has taken the first paint's place: a ready selector the first paint also
    matches (".indicator-card") would otherwise let a test act on the inert copy."""
    expect(page.locator("#first-paint")).to_have_count(0)


# Records when the first plotly chart appears (performance.now(), ms since navigation start).
FIRST_CHART_SCRIPT = """
(() => {
  const mark = () => { if (window.__firstChart === undefined && document.querySelector('.js-plotly-plot .main-svg')) {
      window.__firstChart = performance.now(); } };
  new MutationObserver(mark).observe(document, {childList: true, subtree: true});
})();
"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (never download a browser)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run"]}


# How long a Playwright action or expect() may wait for the page before failing. Playwright's own bounds (30 s for
# an action, 5 s for expect) failed correct pages on the shared 2-core machine at load 20 and more; a page that
# is ready sooner is not waited for any longer.
ACTION_TIMEOUT_MS = 60_000
EXPECT_TIMEOUT_MS = 20_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture()
def context(context):
    """pytest-playwright's context (one per test, in the worker's one browser), with the bound above."""
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context


@pytest.fixture(scope="session")
def live_server(built_url):
    """The app on 127.0.0.1 at a free port, serving the test database."""
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    server = make_server("127.0.0.1", 0, create_app(url=built_url).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def mounted_server(mounted_app):
    """The app mounted under /jjj/ (tests/conftest.py MOUNT) on 127.0.0.1 at a free port."""
    from werkzeug.serving import make_server
    server = make_server("127.0.0.1", 0, mounted_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture()
def console_errors(page):
    """Errors the page logs; each test asserts there are none."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(FIRST_CHART_SCRIPT)
    return errors


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def wait_until(page, expression: str, arg=None, timeout: float = 30_000) -> None:
    """Wait until `expression` (a JS expression, or a function of `arg`) is truthy in the page.

    Playwright's wait_for_function polls with eval inside the page, which the dashboard's
    Content-Security-Policy (no 'unsafe-eval') refuses as soon as the first check is false;
    page.evaluate goes through the DevTools protocol, which the policy does not govern.
    Raises Playwright's TimeoutError, like wait_for_function, after `timeout` ms."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    deadline = time.monotonic() + timeout / 1000
    while not (page.evaluate(expression, arg) if arg is not None else page.evaluate(expression)):
        if time.monotonic() > deadline:
            raise PlaywrightTimeout(f"{expression!r} still false after {timeout:.0f} ms")
        page.wait_for_timeout(20)
