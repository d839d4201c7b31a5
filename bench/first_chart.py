"""Time to first chart in Debian's headless Chromium, as a reader sees it: ours vs a static page.

Ours: the dashboard under gunicorn with `jjj serve`'s settings (bench/load.py's Server) on the
database given. The floor: a static HTML page drawing the very figure our page drew first (read
from the drawn chart), with the same plotly.js bundle the dashboard serves
(dashboard/assets/vendor/plotly-basic.min.js), served by Python's static file server: no CDN.

Each page is opened `runs` times, each in a fresh browser context (cold browser cache); the time is
milliseconds from navigation start until the first plotly chart is drawn. The first load of ours
also has cold server caches (shown apart); the ratio compares the medians of the other loads.

    .venv/bin/python bench/first_chart.py [--db data/jjj.db] [--runs 5] [--pages overview indicator compare]
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

CHART = ".js-plotly-plot .main-svg"
BUNDLE = ROOT / "dashboard" / "assets" / "vendor" / "plotly-basic.min.js"
FIGURE_OF_FIRST_CHART = ("() => { const gd = document.querySelector('.js-plotly-plot');"
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


def time_to_chart(browser, address: str, figure_out: list | None = None) -> float:
    context = browser.new_context()  # a fresh context: nothing cached in the browser
    page = context.new_page()
    page.goto(address)
    page.wait_for_selector(CHART, timeout=120_000)
    elapsed = page.evaluate("performance.now()")
    if figure_out is not None:
        figure_out.append(page.evaluate(FIGURE_OF_FIRST_CHART))
    context.close()
    return elapsed


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
    """{page: {"cold": ms, "ours": median ms, "floor": median ms}}: ours under gunicorn, the static floor."""
    from playwright.sync_api import sync_playwright
    results: dict = {}
    floor = StaticFloor()
    try:
        with Server(db=db, log=log) as server, sync_playwright() as p:
            browser = launch(p)
            for name in pages:
                figures: list[str] = []
                times = [time_to_chart(browser, server.base + PAGES[name], figures if i == 0 else None)
                         for i in range(runs)]
                address = floor.page(name, figures[0])
                floor_times = [time_to_chart(browser, address) for _ in range(runs)]
                results[name] = {"cold": times[0], "ours": statistics.median(times[1:] or times),
                                 "floor": statistics.median(floor_times)}
            browser.close()
    finally:
        floor.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "jjj.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--json", action="store_true", help="print the results as one JSON line too")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"no database at {args.db}: run `jjj build` first")
    results = measure(args.db, args.pages, args.runs)
    print(f"{'page':<10} {'first load':>11} {'ours ms':>8} {'static ms':>10} {'ratio':>6}")
    for name, r in results.items():
        print(f"{name:<10} {r['cold']:>11.0f} {r['ours']:>8.0f} {r['floor']:>10.0f} {r['ours'] / r['floor']:>6.2f}")
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
