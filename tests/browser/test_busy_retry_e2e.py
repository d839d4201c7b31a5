"""What a reader sees when the server refuses callbacks with 503 (dashboard/admission.py): the page
retries after Retry-After and says it is waiting; if the server stays busy it says so."""
from __future__ import annotations

import pytest

from dashboard.admission import BUSY_NOTICE_ID
from dashboard.i18n import t

from .conftest import LIVE_CHART, wait_until

pytestmark = pytest.mark.browser

NOTICE_SHOWN = f"(() => {{ const n = document.getElementById('{BUSY_NOTICE_ID}'); return n && !n.hidden; }})()"
NOTICE_TEXT = f"(document.getElementById('{BUSY_NOTICE_ID}') || {{}}).textContent"
CHART_DRAWN = f"!!document.querySelector('{LIVE_CHART}')"


def refuse(page, times: int | None) -> list[int]:
    """Answer the first `times` callback POSTs (all, if None) with 503 + Retry-After: 1; count them.

    A busy server also leaves the page out of its first layout (dashboard/first_layout.py: no admission
    slot free), so the page comes through its callbacks: the layout request goes without its Referer."""
    refused: list[int] = []

    def handle(route):
        if route.request.method == "POST" and (times is None or len(refused) < times):
            refused.append(1)
            route.fulfill(status=503, headers={"Retry-After": "1", "Content-Type": "text/plain"}, body="busy")
        else:
            route.continue_()

    page.route(lambda url: "/_dash-update-component" in url, handle)  # the renderer adds a query string
    page.route(lambda url: url.endswith("/_dash-layout"), lambda route: route.fulfill(response=route.fetch(
        headers={k: v for k, v in route.request.headers.items() if k.lower() != "referer"})))
    return refused


def test_refused_callbacks_are_retried_and_the_page_completes(page, live_server):
    refused = refuse(page, times=3)
    page.goto(live_server + "/?lang=zh")
    wait_until(page, NOTICE_SHOWN, timeout=30_000)
    assert page.evaluate(NOTICE_TEXT) == t("zh", "busy.retrying")
    wait_until(page, CHART_DRAWN, timeout=60_000)  # the refused callbacks went through on a later try
    wait_until(page, f"!({NOTICE_SHOWN})", timeout=30_000)
    assert len(refused) == 3


def test_a_server_that_stays_busy_is_named_not_hidden(page, live_server):
    refuse(page, times=None)
    page.goto(live_server + "/?lang=en")
    wait_until(page, f"{NOTICE_TEXT} === {t('en', 'busy.gave_up')!r}", timeout=60_000)
    assert page.evaluate(NOTICE_SHOWN)
    assert not page.evaluate(CHART_DRAWN)
