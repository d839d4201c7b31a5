"""Where one load's milliseconds go: every request of a cold page load, in Debian's headless Chromium.

For each page, one load in a fresh browser context (after one warm-up load, so the server's caches
are warm as in first_chart.py's medians): each resource's start, end, bytes on the wire and kind
(document, script, style, `_dash-*` round trips), from the browser's Resource Timing; the main
thread's long tasks (script parse/compile/run, React render, plotly draw: the gaps between
downloads) summed per window; and when the first chart appeared.

    .venv/bin/python bench/waterfall.py [--db data/jjj.db] [--pages overview indicator compare]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from first_chart import CHART, launch  # noqa: E402
from load import PAGES, Server  # noqa: E402

# Long tasks are recorded from the first byte of the page on (buffered: true) by an observer the
# browser runs before any of the page's scripts; chart time is taken when the chart first exists.
OBSERVE_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries())
    window.__longTasks.push([e.startTime, e.duration]); }).observe({type: 'longtask', buffered: true});
"""
ENTRIES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const rows = performance.getEntriesByType('resource').map(e => [e.name, e.initiatorType, e.startTime,
      e.responseStart, e.responseEnd, e.transferSize, e.decodedBodySize]);
  return {nav: [nav.responseStart, nav.responseEnd, nav.domContentLoadedEventEnd, nav.loadEventEnd],
          rows: rows, longTasks: window.__longTasks, now: performance.now()};
}"""


def short(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1] or parts.path
    return name[:48]


def one_load(browser, address: str) -> dict:
    context = browser.new_context()
    context.add_init_script(OBSERVE_LONG_TASKS)
    page = context.new_page()
    page.goto(address)
    page.wait_for_selector(CHART, timeout=120_000)
    result = page.evaluate(ENTRIES)
    context.close()
    return result


def report(name: str, load: dict) -> None:
    response_start, response_end, dcl, onload = load["nav"]
    chart = load["now"]
    print(f"\n== {name}: chart at {chart:.0f} ms; document {response_start:.0f}–{response_end:.0f}, "
          f"DOMContentLoaded {dcl:.0f}, load {onload:.0f}")
    print(f"{'resource':<50} {'kind':<8} {'start':>6} {'ttfb':>6} {'end':>6} {'wire KB':>8} {'body KB':>8}")
    total_wire = 0
    for url, kind, start, ttfb, end, wire, body in sorted(load["rows"], key=lambda r: r[2]):
        total_wire += wire
        print(f"{short(url):<50} {kind:<8} {start:>6.0f} {ttfb:>6.0f} {end:>6.0f} "
              f"{wire / 1024:>8.1f} {body / 1024:>8.1f}")
    busy = sum(duration for _, duration in load["longTasks"])
    print(f"total on the wire {total_wire / 1024:.0f} KB; main thread in long tasks {busy:.0f} ms of {chart:.0f}")
    for start, duration in load["longTasks"]:
        print(f"  long task {start:>6.0f} +{duration:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "jjj.db")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    with Server(db=args.db) as server, sync_playwright() as p:
        browser = launch(p)
        for name in args.pages:
            one_load(browser, server.base + PAGES[name])  # warms the server's caches
            report(name, one_load(browser, server.base + PAGES[name]))
        browser.close()


if __name__ == "__main__":
    main()
