"""Time to first chart in Debian's headless Chromium, as a reader sees it: ours vs a static page.

Ours: the dashboard under gunicorn with `jjj serve`'s settings (bench/load.py's Server) on the
database given. The floor: a static HTML page drawing the very figure our page drew first (read
from the drawn chart), with the same plotly.js bundle the dashboard serves
(dashboard/assets/vendor/plotly-basic.min.js), served by Python's static file server: no CDN.

Each page is opened once cold, then `runs` times taking turns with the floor, each in a fresh browser
context (cold browser cache). The time is milliseconds from navigation start until the frame that shows
the first plotly chart: a script the browser runs before the page's own notes when a chart is first in
the document and takes the time in the next animation frame (the one that paints it), the same way for
ours and for the floor. Asking the page for the time after the chart is there would add however long
the page's next scripts keep the main thread busy. The first load of ours also has cold server caches
(shown apart); the ratio compares the medians of the others.

Ours shows its first chart in the first paint (dashboard/first_paint.py), before Dash has run; the time
until Dash's own chart is drawn (the page is live: hover, zoom, controls) is measured too, "live".

    .venv/bin/python bench/first_chart.py [--db data/jjj.db] [--runs 9] [--pages overview indicator compare]
"""
from __future__ import annotations

import argparse
import functools
import json
import shutil
import statistics
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import PAGES, Server  # noqa: E402
from timing import taking_turns  # noqa: E402

CHART = ".js-plotly-plot .main-svg"
LIVE_CHART = "#react-entry-point .js-plotly-plot .main-svg"  # Dash's own chart: the page is live
# records when a selector first matches, as of the frame that paints it (run before the page's scripts)
WATCH_CHARTS = f"""
window.__chartAt = {{}};
const watched = {{first: {json.dumps(CHART)}, live: {json.dumps(LIVE_CHART)}}};
new MutationObserver(() => {{
  for (const [name, selector] of Object.entries(watched)) {{
    if (window.__chartAt[name] === undefined && document.querySelector(selector)) {{
      window.__chartAt[name] = null;
      requestAnimationFrame(() => {{ window.__chartAt[name] = performance.now(); }});
    }}
  }}
}}).observe(document, {{childList: true, subtree: true}});
"""
BUNDLE = ROOT / "dashboard" / "assets" / "vendor" / "plotly-basic.min.js"
FIGURE_OF_FIRST_CHART = ("() => { const gd = document.querySelector('#react-entry-point .js-plotly-plot');"
                         " return JSON.stringify({data: gd.data, layout: gd.layout},"
                         " (k, v) => ArrayBuffer.isView(v) ? Array.from(v) : v); }")  # typed arrays as lists
STATIC_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>floor</title>
<script src="plotly-basic.min.js"></script></head>
<body><div id="chart"></div><script src="draw.js"></script></body></html>
"""


def launch(p):
    return p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                             args=["--no-sandbox", "--disable-gpu"])


def time_to_chart(browser, address: str, figure_out: list | None = None,
                  live: bool = False) -> tuple[float, float | None]:
    """(ms to the frame showing the first chart, ms to the frame showing the live chart or None)."""
    context = browser.new_context()  # a fresh context: nothing cached in the browser
    context.add_init_script(WATCH_CHARTS)
    page = context.new_page()
    page.goto(address)
    waits = ["first", "live"] if live else ["first"]
    for name in waits:
        page.wait_for_function(f"() => typeof window.__chartAt.{name} === 'number'", timeout=120_000)
    times = page.evaluate("window.__chartAt")
    if figure_out is not None:
        page.wait_for_selector(LIVE_CHART, timeout=120_000)
        figure_out.append(page.evaluate(FIGURE_OF_FIRST_CHART))
    context.close()
    return times["first"], times.get("live") if live else None


class StaticFloor:
    """A folder per page (index.html, draw.js with the figure, the plotly bundle) served statically."""

    def __init__(self) -> None:
        if not BUNDLE.exists():
            raise SystemExit(f"{BUNDLE} is missing: run deploy/setup.sh (it fetches plotly's basic bundle)")
        self.folder = Path(tempfile.mkdtemp(prefix="jjj-floor-"))
        handler = functools.partial(_QuietHandler, directory=str(self.folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, name: str, figure_json: str) -> str:
        """The address of a static page drawing `figure_json` (data and layout, as the dashboard drew them)."""
        folder = self.folder / name
        folder.mkdir()
        shutil.copy(BUNDLE, folder / BUNDLE.name)
        (folder / "index.html").write_text(STATIC_PAGE, encoding="utf-8")
        (folder / "draw.js").write_text(
            f"var figure = {figure_json};\nPlotly.newPlot('chart', figure.data, figure.layout);\n", encoding="utf-8")
        return f"http://127.0.0.1:{self.server.server_port}/{name}/index.html"

    def close(self) -> None:
        self.server.shutdown()
        shutil.rmtree(self.folder, ignore_errors=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def measure(db: Path, pages: list[str], runs: int, log: Path | None = None) -> dict:
    """{page: {"cold": ms, "ours": median ms, "live": median ms, "floor": median ms}}: ours under gunicorn
    (first chart, and Dash's live chart), the static floor. After one cold load of ours, ours and the floor
    take turns `runs` times (which goes first alternates): on a shared two-core machine the load drifts
    within a minute, and taking turns shows both the same machine."""
    from playwright.sync_api import sync_playwright
    results: dict = {}
    floor = StaticFloor()
    try:
        with Server(db=db, log=log) as server, sync_playwright() as p:
            browser = launch(p)
            for name in pages:
                figures: list[str] = []
                ours_address = server.base + PAGES[name]
                cold = time_to_chart(browser, ours_address, figures, live=True)
                floor_address = floor.page(name, figures[0])
                ours, floors = taking_turns(runs, lambda: time_to_chart(browser, ours_address, live=True),  # noqa: B023
                                            lambda: time_to_chart(browser, floor_address)[0])  # noqa: B023
                results[name] = {"cold": cold[0], "ours": statistics.median(t[0] for t in ours),
                                 "live": statistics.median(t[1] for t in ours), "floor": statistics.median(floors)}
            browser.close()
    finally:
        floor.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "jjj.db")
    parser.add_argument("--runs", type=int, default=9, help="warm loads of each, taking turns")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--json", action="store_true", help="print the results as one JSON line too")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not args.db.exists():
        sys.exit(f"no database at {args.db}: run `jjj build` first")
    results = measure(args.db, args.pages, args.runs)
    print(f"{'page':<10} {'first load':>11} {'ours ms':>8} {'static ms':>10} {'ratio':>6} {'live ms':>8} {'ratio':>6}")
    for name, r in results.items():
        print(f"{name:<10} {r['cold']:>11.0f} {r['ours']:>8.0f} {r['floor']:>10.0f} {r['ours'] / r['floor']:>6.2f}"
              f" {r['live']:>8.0f} {r['live'] / r['floor']:>6.2f}")
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
