"""How long a page request waits while slow clients download, under gunicorn, old vs new settings.

Starts gunicorn twice on one database: as `jjj serve` used to (2 workers x 4 threads, no cap
on downloads) and as it does now (2 x 16 threads, 4 downloads per worker). Each time, N
clients start downloading the observations CSV and read it slowly, then /api/sources is
timed while they hold their connections. Prints both latencies and how the extra downloads
were answered.

    .venv/bin/python bench/serve_concurrency.py DB [N]     # DB: a large SQLite file, e.g. from
                                                           # bench/export_csv.py; N: 16 by default
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"old: 2x4 threads, no cap": ("4", "1000"), "new: 2x16 threads, 4 downloads/worker": ("16", "4")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: Path, threads: str, max_exports: str):
    port = free_port()
    env = {**os.environ, "JJJ_DATABASE_URL": f"sqlite:///{db.resolve()}", "JJJ_MAX_EXPORTS": max_exports}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                             "--threads", threads, "--no-control-socket", "dashboard.app:create_server()"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/api/sources", timeout=5).read()
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def slow_download(base: str, stop: threading.Event, outcome: list) -> None:
    try:
        with urllib.request.urlopen(base + "/download/observations.csv", timeout=120) as r:
            outcome.append(r.status)
            while not stop.is_set() and r.read(16_384):
                time.sleep(0.05)
    except urllib.error.HTTPError as exc:
        outcome.append(exc.code)
    except OSError:
        outcome.append("error")


def settle(outcome: list, n: int, quiet: float = 4.0, limit: float = 60.0) -> None:
    """Wait until every download is answered, or none has been for `quiet` seconds (the rest queue)."""
    start = last_change = time.monotonic()
    seen = 0
    while len(outcome) < n and time.monotonic() - last_change < quiet and time.monotonic() - start < limit:
        if len(outcome) != seen:
            seen, last_change = len(outcome), time.monotonic()
        time.sleep(0.05)


def measure(db: Path, threads: str, max_exports: str, n: int) -> tuple[float, list]:
    proc, base = start(db, threads, max_exports)
    stop, outcome = threading.Event(), []
    clients = [threading.Thread(target=slow_download, args=(base, stop, outcome)) for _ in range(n)]
    try:
        for c in clients:
            c.start()
        settle(outcome, n)
        start_t = time.perf_counter()
        try:
            urllib.request.urlopen(base + "/api/sources", timeout=60).read()
            latency = time.perf_counter() - start_t
        except OSError:
            latency = float("inf")
        return latency, sorted(outcome, key=str)
    finally:
        stop.set()
        for c in clients:
            c.join(timeout=60)
        proc.terminate()
        proc.wait(timeout=30)


def main(db: Path, n: int) -> None:
    results = {name: measure(db, *config, n) for name, config in CONFIGS.items()}
    print(f"{n} slow downloads running; time to answer /api/sources:")
    for name, (latency, outcome) in results.items():
        shown = f"{latency:>7.3f} s" if latency != float("inf") else "no answer in 60 s"
        print(f"  {name:<40} {shown}   downloads answered so far: {outcome}")
    (old, _), (new, _) = results.values()
    if old != float("inf"):
        print(f"old / new: {old / new:.0f}x")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 16)
