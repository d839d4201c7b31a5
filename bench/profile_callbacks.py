"""Where a page callback's time goes: cProfile over the page's real callbacks, replayed in-process.

Serves the dashboard on a werkzeug thread, captures the callback bodies Chromium sends opening the
page (bench/load.py), replays them once to warm the caches (timed apart: the cold cost), then
`rounds` more times under cProfile through Flask's test client, and prints the functions with the
most time, cumulative and own. The rendered-answer cache (dashboard/response_cache.py) is off, so every
round renders, unless `--response-cache` (then the rounds are hits).

    .venv/bin/python bench/profile_callbacks.py [--db data/jjj.db] [--pages overview indicator] [--rounds 5]
                                                [--response-cache]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import PAGES, Call, capture  # noqa: E402


def replay(client, bodies: list[Call]) -> float:
    start = time.perf_counter()
    for call in bodies:
        response = client.open(call.path, method=call.method, data=call.body,
                               headers=call.headers("http://localhost"))
        assert response.status_code in (200, 204), response.status_code
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "jjj.db")
    parser.add_argument("--pages", nargs="+", default=["overview", "indicator"], choices=list(PAGES))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--response-cache", action="store_true",
                        help="keep the rendered-answer cache on (the rounds are then hits, not renders)")
    args = parser.parse_args()
    from werkzeug.serving import make_server

    from dashboard import response_cache
    from dashboard.app import create_app
    app = create_app(url=f"sqlite:///{args.db.resolve()}")
    app.server.extensions["jjj_admission"].limit = 10_000  # one client here: nothing to refuse
    if not args.response_cache:
        response_cache.register(app.server, max_bytes=0)  # off: each round renders
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    bodies = {name: capture(base, PAGES[name]) for name in args.pages}
    server.shutdown()
    client = app.server.test_client()
    for name, page_bodies in bodies.items():
        print(f"== {name} on {args.db.name}: {len(page_bodies)} requests (layout, callbacks) per page load "
              f"(the capture's own load was the cold one)")
        profile = cProfile.Profile()
        profile.enable()
        seconds = [replay(client, page_bodies) for _ in range(args.rounds)]
        profile.disable()
        print(f"warm page load, all callbacks: {min(seconds) * 1000:.0f}–{max(seconds) * 1000:.0f} ms")
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(profile, stream=text).strip_dirs().sort_stats(order).print_stats(args.top)
            print(f"-- by {order}\n" + "\n".join(line for line in text.getvalue().splitlines()
                                                 if line.strip() and not line.startswith("   Ordered")))


if __name__ == "__main__":
    main()
