"""Time to first chart in Debian's headless Chromium, as a reader sees it.

Serves the dashboard (werkzeug, threaded) on a free port against the database given (default
data/jjj.db, built by `jjj build`), opens each page several times in fresh browser contexts and
prints the milliseconds from navigation start until the first plotly chart is drawn: the first
(cold: caches empty in server and browser) and the median of the rest (warm server caches, cold
browser), with the warm median as a ratio of the overview's.

    .venv/bin/python bench/first_chart.py [--db data/jjj.db] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "overview": "/?lang=zh",
    "indicator": "/indicator/hsr-intercity-rail-km?region=tianjin&lang=zh",
    "compare": "/compare?lang=en",
}
CHART = ".js-plotly-plot .main-svg"


def serve(url: str):
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    server = make_server("127.0.0.1", 0, create_app(url=url).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def time_to_chart(browser, address: str) -> float:
    context = browser.new_context()  # a fresh context: nothing cached in the browser
    page = context.new_page()
    page.goto(address)
    page.wait_for_selector(CHART, timeout=60_000)
    elapsed = page.evaluate("performance.now()")
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "data" / "jjj.db"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"no database at {args.db}: run `jjj build` first")
    from playwright.sync_api import sync_playwright

    server = serve(f"sqlite:///{Path(args.db).resolve()}")
    base = f"http://127.0.0.1:{server.server_port}"
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        for name, path in PAGES.items():
            times = [time_to_chart(browser, base + path) for _ in range(args.runs)]
            results[name] = (times[0], statistics.median(times[1:]) if len(times) > 1 else times[0])
        browser.close()
    server.shutdown()
    reference = results["overview"][1]
    print(f"{'page':<10} {'cold ms':>8} {'warm ms':>8} {'warm / overview':>16}")
    for name, (cold, warm) in results.items():
        print(f"{name:<10} {cold:>8.0f} {warm:>8.0f} {warm / reference:>16.2f}")


if __name__ == "__main__":
    main()
