"""Load generator: N clients replaying a page's real server work against gunicorn, for a duration.

The requests are the ones Debian's Chromium sends when it opens the page and that render it: the
`_dash-layout` request (with its Referer, the page's address: the page arrives inside it, see
dashboard/first_layout.py) and every callback POST (captured from Playwright's request events,
then replayed byte for byte). Each client holds one keep-alive connection (http.client) and sends
the page's requests in turn; a 503 is waited out for its
Retry-After, as the browser's busy_retry.js does. Prints, per page and client count: answered
requests per second (200s), p50 and p95 of their latency, how many were answered 503, and how many
were dropped (no response within TIMEOUT_S, connection reset or closed).

    .venv/bin/python bench/load.py [--db data/jjj.db] [--clients 16 64] [--seconds 30]
                                   [--pages overview indicator] [--floor] [--no-response-cache]

--no-response-cache serves ours with the rendered-answer cache off (JJJ_RESPONSE_CACHE_MB=0,
dashboard/response_cache.py): every callback renders, as the first request of a data version or an
uncommon view does. Its rows are labelled "uncached" (in bench.py: Server(..., env=UNCACHED_ENV)).

gunicorn runs with `jjj serve`'s settings (dashboard/gunicorn_conf.py): 2 workers × 16 threads.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.response_cache import SIZE_ENV as RESPONSE_CACHE_ENV  # noqa: E402
from paths import GUNICORN_CONFIG  # noqa: E402

UNCACHED_ENV = {RESPONSE_CACHE_ENV: "0"}  # Server(env=UNCACHED_ENV): ours with every callback rendered

WORKERS, THREADS = 2, 16
TIMEOUT_S = 30  # a request unanswered this long counts as dropped: no reader waits longer
CALLBACK = "_dash-update-component"
LAYOUT = "_dash-layout"
PAGES = {
    "overview": "/?lang=zh",
    "indicator": "/indicator/hsr-intercity-rail-km?region=tianjin&lang=zh",
    "compare": "/compare?lang=en",
}
FLOOR_PAGE = "/"
APP = "dashboard.app:create_server()"
CHART = ".js-plotly-plot .main-svg"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn running `app` (dashboard's create_server() by default) with `jjj serve`'s settings."""

    def __init__(self, app: str | None = None, db: Path | None = None, chdir: Path = ROOT,
                 log: Path | None = None, env: dict | None = None, before: bool = False) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        environment = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
        if db is not None:
            environment["JJJ_DATABASE_URL"] = f"sqlite:///{db.resolve()}"
        # as `jjj serve` runs it (cli/serve.py); --before: as it ran before the admission gate, with gunicorn's
        # defaults and nothing refused
        settings = ["--access-logfile", "-"] if before else ["--config", GUNICORN_CONFIG]
        if before:
            environment["JJJ_MAX_INFLIGHT"] = "100000"
        argv = [sys.executable, "-m", "gunicorn", *settings, "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(WORKERS), "--threads", str(THREADS),
                "--no-control-socket",  # one per machine at ~/.gunicorn: parallel runs would share it
                app or APP]
        self.log = log
        out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (closed with the server)
        self.proc = subprocess.Popen(argv, cwd=chdir, env=environment, stdout=out, stderr=subprocess.STDOUT)
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/", timeout=30).read()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"gunicorn did not start ({app or 'dashboard'}); see {log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass(frozen=True)
class Call:
    """One request a page's opening makes that renders something: the first layout, or a callback."""
    method: str
    path: str  # below the server's root: /_dash-layout or /_dash-update-component
    body: bytes | None = None
    referer: str | None = None  # the first layout renders the page at this address

    def headers(self, base: str) -> dict:
        found = {"Accept": "application/json", "Accept-Encoding": "gzip, br"}
        if self.body is not None:
            found["Content-Type"] = "application/json"
        if self.referer is not None:
            found["Referer"] = base + self.referer
        return found


def _call_of(request, base: str, page: str) -> Call | None:
    path = request.url.removeprefix(base).split("?")[0]
    if path == "/" + CALLBACK and request.method == "POST":
        return Call("POST", path, request.post_data_buffer)
    if path == "/" + LAYOUT and request.method == "GET":
        return Call("GET", path, None, page)  # asked for by the page itself: its Referer is the page
    return None


def capture(base: str, path: str) -> list[Call]:
    """The layout request and callback bodies Chromium sends while opening `path`, in the order it sends them."""
    from playwright.sync_api import sync_playwright
    bodies: list[Call] = []

    def seen(request) -> None:
        call = _call_of(request, base, path)
        if call is not None and not (call.method == "GET" and call in bodies):  # a preload, then Dash's own ask
            bodies.append(call)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("request", seen)
        page.goto(base + path)
        page.wait_for_selector(CHART, timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        browser.close()
    if not bodies:
        raise SystemExit(f"neither a layout nor a callback was asked for opening {path}")
    return bodies


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, answered 200 (or 204: nothing to update)
    refused: int = 0  # 503
    other: dict[int, int] = field(default_factory=dict)  # any other status
    dropped: int = 0
    dropped_kinds: dict[str, int] = field(default_factory=dict)  # exception name: count
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(host: str, port: int, bodies: list[Call], deadline: float, tally: Tally, offset: int) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
    base = f"http://{host}:{port}"
    headers = [call.headers(base) for call in bodies]
    i = offset
    while time.monotonic() < deadline:
        call, call_headers = bodies[i % len(bodies)], headers[i % len(bodies)]
        i += 1
        start = time.perf_counter()
        try:
            conn.request(call.method, call.path, body=call.body, headers=call_headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:  # timeout, reset, closed without an answer
            with tally.lock:
                tally.dropped += 1
                kind = type(exc).__name__
                tally.dropped_kinds[kind] = tally.dropped_kinds.get(kind, 0) + 1
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
            continue
        elapsed = time.perf_counter() - start
        with tally.lock:
            if response.status in (200, 204):
                tally.latencies.append(elapsed)
            elif response.status == 503:
                tally.refused += 1
            else:
                tally.other[response.status] = tally.other.get(response.status, 0) + 1
        if response.status == 503:
            time.sleep(float(response.getheader("Retry-After") or 1))
    conn.close()


@dataclass
class Result:
    clients: int
    seconds: float
    answered: int
    refused: int
    dropped: int
    dropped_kinds: dict
    other: dict
    p50_ms: float | None
    p95_ms: float | None

    @property
    def rate(self) -> float:
        return self.answered / self.seconds

    def line(self, label: str) -> str:
        p = (lambda v: "—" if v is None else f"{v:.0f}")  # noqa: E731
        return (f"{label:<22} {self.clients:>4} clients {self.seconds:>4.0f} s  {self.rate:>7.1f} req/s  "
                f"p50 {p(self.p50_ms):>6} ms  p95 {p(self.p95_ms):>6} ms  503: {self.refused:>5}  "
                f"dropped: {self.dropped:>4}" + (f" {self.dropped_kinds}" if self.dropped else "")
                + (f"  other: {self.other}" if self.other else ""))

    def as_dict(self) -> dict:
        names = ("clients", "seconds", "answered", "refused", "dropped", "dropped_kinds", "other", "p50_ms", "p95_ms")
        return {**{k: getattr(self, k) for k in names}, "rate": self.rate}


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))]


def load(base: str, bodies: list[Call], clients: int, seconds: float) -> Result:
    host, port = base.removeprefix("http://").split(":")
    tally = Tally()
    start = time.monotonic()
    deadline = start + seconds
    threads = [threading.Thread(target=client, args=(host, int(port), bodies, deadline, tally, n), daemon=True)
               for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + TIMEOUT_S + 10)
    elapsed = time.monotonic() - start
    lat = sorted(tally.latencies)
    return Result(clients, elapsed, len(lat), tally.refused, tally.dropped, dict(tally.dropped_kinds),
                  dict(tally.other), statistics.median(lat) * 1000 if lat else None,
                  percentile(lat, 0.95) * 1000 if lat else None)


WARM_UP_CLIENTS, WARM_UP_SECONDS = 2 * WORKERS, 20


def warm_up(base: str, bodies: list[Call]) -> None:
    """A short load, not measured, so each worker's caches are warm: throughput is measured warm (the first
    request per worker is a measure of its own, issue 11's "no cold cost per worker")."""
    load(base, bodies, WARM_UP_CLIENTS, WARM_UP_SECONDS)


def floor_server(log: Path | None = None) -> Server:
    return Server(app="trivial_app:create_server()", chdir=ROOT / "bench", log=log)


def measure(db: Path | None, pages: list[str], clients: list[int], seconds: float, floor: bool,
            log_dir: Path, before: bool = False, response_cache: bool = True) -> dict:
    """{"floor": {clients: Result}, page: {clients: Result}}; the floor first, then each page.
    `response_cache=False`: ours with the rendered-answer cache off (every callback renders)."""
    results: dict = {}
    if floor:
        with floor_server(log_dir / "gunicorn-floor.log") as server:
            bodies = capture(server.base, FLOOR_PAGE)
            warm_up(server.base, bodies)
            results["floor"] = {n: load(server.base, bodies, n, seconds) for n in clients}
    if pages:
        env = None if response_cache else UNCACHED_ENV
        with Server(db=db, log=log_dir / "gunicorn-ours.log", env=env, before=before) as server:
            for name in pages:
                bodies = capture(server.base, PAGES[name])
                warm_up(server.base, bodies)
                results[name] = {n: load(server.base, bodies, n, seconds) for n in clients}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "jjj.db")
    parser.add_argument("--clients", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--pages", nargs="*", default=["overview", "indicator"], choices=sorted(PAGES))
    parser.add_argument("--floor", action="store_true", help="also the trivial Dash app (the floor)")
    parser.add_argument("--logs", type=Path, default=Path("/tmp"), help="gunicorn's logs go here")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON line too")
    parser.add_argument("--before", action="store_true",
                        help="serve as before the admission gate (gunicorn defaults, nothing refused)")
    parser.add_argument("--no-response-cache", dest="response_cache", action="store_false",
                        help="serve ours with the rendered-answer cache off (JJJ_RESPONSE_CACHE_MB=0)")
    args = parser.parse_args()
    if args.pages and not args.db.exists():
        sys.exit(f"no database at {args.db}: run `jjj build` first")
    results = measure(args.db, args.pages, args.clients, args.seconds, args.floor, args.logs, args.before,
                      args.response_cache)
    uncached = "" if args.response_cache else ", uncached"
    for name, by_clients in results.items():
        for result in by_clients.values():
            print(result.line(name if name == "floor" else f"{name} ({args.db.name}{uncached})"))
    if args.json:
        print(json.dumps({name: {n: r.as_dict() for n, r in rows.items()} for name, rows in results.items()}))


if __name__ == "__main__":
    main()
