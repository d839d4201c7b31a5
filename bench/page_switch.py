"""Switching language in place against opening the page anew, in Debian's headless Chromium.

Ours: the dashboard under gunicorn (bench/load.py's Server), a page open in Chinese and live; the reader
clicks "English" and Dash's router renders the page again, in place. The time is milliseconds from the
click to the frame that shows the page's English heading in Dash's page. The floor: the same page in
English opened in a fresh browser context (nothing cached), from navigation start to the frame that shows
that heading in Dash's page once the first paint has stepped aside: the page live in English either way
(a chart page's first paint, a picture of the page, comes sooner: bench/first_chart.py).
Switching in place should never cost the reader more than opening the page again: the goal is ≤ 1×.

The pages are the longest (the changes and method pages hold the most components) and the overview.
Dash 4.2.0 to 4.4.1 remount every component a callback returns (plotly/dash#3846): on 4.4.1 the changes
page took 10.4 s to switch, 6.3× its floor (README, "Language switch").

    .venv/bin/python bench/page_switch.py [--db data/jjj.db] [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from first_chart import launch  # noqa: E402
from load import Server  # noqa: E402
from timing import taking_turns  # noqa: E402

from dashboard import urls  # noqa: E402

# page name → its English heading (dashboard/i18n/en.json), which shows once the page is in English
SWITCH_PAGES = {"overview": "Overview", "changes": "What changed", "method": "Method"}
# records the click on the language link and the frame that first shows `heading` in an <h1> of Dash's page,
# once no first paint covers it (until then Dash's page is built hidden underneath)
WATCH_HEADING = """heading => {
  window.__clickAt = null; window.__shownAt = undefined;
  document.addEventListener('click', e => {
    if (e.target.closest('#lang-en')) window.__clickAt = performance.now(); }, true);
  new MutationObserver(() => {
    if (window.__shownAt !== undefined) return;
    if (document.getElementById('first-paint')) return;
    if (Array.from(document.querySelectorAll('#react-entry-point h1')).some(h => h.textContent.trim() === heading)) {
      window.__shownAt = null;
      requestAnimationFrame(() => { window.__shownAt = performance.now(); });
    }
  }).observe(document, {childList: true, subtree: true, characterData: true});
}"""
SHOWN = "() => typeof window.__shownAt === 'number'"


def _context(browser, heading: str):
    context = browser.new_context()  # a fresh context: nothing cached in the browser
    context.add_init_script(f"({WATCH_HEADING})({json.dumps(heading)})")
    return context


def switch_in_place(browser, base: str, name: str) -> float:
    """ms from the click on "English" to the frame showing the English heading, the page open in Chinese."""
    context = _context(browser, SWITCH_PAGES[name])
    page = context.new_page()
    page.goto(base + urls.page(name, "zh"))
    page.wait_for_selector("#react-entry-point #lang-en", timeout=120_000)
    page.wait_for_selector("#first-paint", state="detached", timeout=120_000)  # Dash's page, live
    page.wait_for_load_state("networkidle")
    page.click("#lang-en")
    page.wait_for_function(SHOWN, timeout=120_000)
    clicked, shown = page.evaluate("[window.__clickAt, window.__shownAt]")
    if not isinstance(clicked, (int, float)):
        raise SystemExit(f"{name}: the click on the language link was not seen by the page")
    took = shown - clicked
    context.close()
    return took


def open_anew(browser, base: str, name: str) -> float:
    """ms from navigation start to the frame showing the English heading, the English page opened fresh."""
    context = _context(browser, SWITCH_PAGES[name])
    page = context.new_page()
    page.goto(base + urls.page(name, "en"))
    page.wait_for_function(SHOWN, timeout=120_000)
    took = page.evaluate("window.__shownAt")
    context.close()
    return took


def measure(db: Path, runs: int = 5, log: Path | None = None) -> dict:
    """{page: {"ours": median ms, "floor": median ms}}. After one switch and one load to warm the server,
    the two take turns `runs` times (which goes first alternates), as bench/first_chart.py does."""
    from playwright.sync_api import sync_playwright
    results: dict = {}
    with Server(db=db, log=log) as server, sync_playwright() as p:
        browser = launch(p)
        for name in SWITCH_PAGES:
            switch_in_place(browser, server.base, name)
            open_anew(browser, server.base, name)
            ours, floors = taking_turns(runs, lambda: switch_in_place(browser, server.base, name),  # noqa: B023
                                        lambda: open_anew(browser, server.base, name))  # noqa: B023
            results[name] = {"ours": statistics.median(ours), "floor": statistics.median(floors)}
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "jjj.db")
    parser.add_argument("--runs", type=int, default=5, help="switches and fresh loads of each page, taking turns")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not args.db.exists():
        sys.exit(f"no database at {args.db}: run `jjj build` first")
    results = measure(args.db, args.runs)
    print(f"{'page':<10} {'switch ms':>10} {'open anew ms':>13} {'ratio':>6}")
    for name, r in results.items():
        print(f"{name:<10} {r['ours']:>10.0f} {r['floor']:>13.0f} {r['ours'] / r['floor']:>6.2f}")


if __name__ == "__main__":
    main()
