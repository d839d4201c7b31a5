"""In Chromium, the app mounted under /jjj/: every page, in zh and en, renders its main content; every
link, download, API address, stylesheet and script it writes starts with /jjj/; and each one answers
(pages: 200 and, opened in Chromium once per page and set of parameters, their main content, not the
404 view; everything else: 200)."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import dash
import pytest

from dashboard import urls
from tests.conftest import MOUNT

pytestmark = pytest.mark.browser

INDICATOR = "container-throughput"
# page name → a selector of its main content; the not-found view has none of them
MAIN = {"overview": "#ov-count", "indicator": "#indicator-title", "compare": "#cmp-series", "sources": ".doc-card",
        "data": "#data-count", "changes": "#chg-feed", "method": "#method-api", "embed-indicator": "#emb-title",
        "embed-compare": ".page-embed"}
START = {name: {"indicator_id": INDICATOR} if "indicator" in name else {} for name in MAIN}
LINKS_JS = """() => [...document.querySelectorAll('a[href], link[href], script[src], img[src], iframe[src]')]
    .map(e => e.getAttribute('href') ?? e.getAttribute('src'))"""


def _page_of(url: str):
    """The registered page a link opens, or None for a download, an API address or a static file."""
    found = urls.page_at(urls.unmounted(urlsplit(url).path, MOUNT), dash.page_registry)
    return found[0]["name"] if found else None


def _open(page, base: str, url: str, name: str) -> list[str]:
    """Open `url` in Chromium, wait for the page's main content (and the header, outside embeds) and
    return every address the rendered page holds."""
    response = page.goto(base + url)
    assert response.status == 200, url
    page.wait_for_selector(MAIN[name], timeout=30_000)
    if not name.startswith("embed-"):
        page.wait_for_selector("#nav-overview", timeout=30_000)
    assert page.locator(".not-found").count() == 0, f"{url} shows the not-found view"
    # chunks a script loads later (AG Grid's async-community.js) carry the absolute address: same origin, kept
    return [link[len(base):] if link.startswith(base + "/") else link for link in page.evaluate(LINKS_JS)]


def test_every_page_under_a_mount_links_only_under_it_and_every_link_answers(page, mounted_server, mounted_app,
                                                                            console_errors, screenshots):
    assert set(MAIN) | {urls.NOT_FOUND_PAGE} == set(urls.PAGES)  # a new page needs its main-content selector
    with mounted_app.server.test_request_context(MOUNT):
        starts = [urls.page(name, lang, **params) for name, params in START.items() for lang in ("zh", "en")]
    links: dict[str, str] = {}  # address → the page it was found on
    opened: set[tuple] = set()
    for url in starts:
        assert url.startswith(MOUNT), url
        name = _page_of(url)
        opened.add((name, tuple(sorted(k for k, _ in parse_qsl(urlsplit(url).query)))))
        for link in _open(page, mounted_server, url, name):
            if not link.startswith(("#", "data:")):  # a place on the page; an inline image
                links.setdefault(link, url)
        if name in ("overview", "indicator"):
            page.screenshot(path=str(screenshots / f"mounted-jjj-{name}-{'en' if 'lang=en' in url else 'zh'}.png"))
    outside = sorted(f"{link} (on {where})" for link, where in links.items() if not link.startswith(MOUNT))
    assert outside == []
    kinds = {"page": 0, "opened": 0, "other": 0}
    for link, where in sorted(links.items()):
        name = _page_of(link)
        if name is None:
            kinds["other"] += 1
            assert page.request.get(mounted_server + link).status == 200, f"{link} (on {where})"
            continue
        kinds["page"] += 1
        assert name != urls.NOT_FOUND_PAGE, f"{link} (on {where})"
        assert page.request.get(mounted_server + link).status == 200, f"{link} (on {where})"
        shape = (name, tuple(sorted(k for k, _ in parse_qsl(urlsplit(link).query))))
        if shape not in opened:  # each page with each set of parameters once in Chromium
            opened.add(shape)
            kinds["opened"] += 1
            _open(page, mounted_server, link, name)
    # the overview links its indicators; the indicator page its downloads and citations; /method the API
    assert kinds["page"] > 150 and kinds["opened"] > 0 and kinds["other"] > 10, kinds
    assert console_errors == []
