"""How gunicorn serves the dashboard: one place for `jjj serve` and for the benchmarks that must use the
same settings (bench/load.py, bench/floors_web.py).

Under overload (64 clients, 1 M observations) gunicorn's gthread worker accepts every connection and
queues its request unbounded in the worker's thread pool; behind a few slow CPU-bound page callbacks
a queued request waited until its client gave up: a dropped connection, and nothing in any log, since
the request was never read. Now each worker admits a few page requests at once and answers the rest
with a quick 503 + Retry-After (dashboard/admission.py), so the queue stays short, and:

- timeout 120 s: a worker's heartbeat can lag behind a first, cold page request at 1 M (12–13 s) under
  load; a worker killed by gunicorn takes every request it holds with it, unanswered.
- graceful_timeout 30 s: on restart or SIGTERM, requests in flight finish.
- keepalive 5 s: a client reusing its connection right after a short pause does not race the server
  closing it (the default is 2 s).
"""
from __future__ import annotations

import sys

TIMEOUT_S = 120
GRACEFUL_TIMEOUT_S = 30
KEEPALIVE_S = 5
APP = "dashboard.app:create_server()"


def gunicorn_argv(host: str, port: int, workers: int, threads: int, app: str = APP,
                  access_log: bool = True) -> list[str]:
    """The gunicorn command line (gthread worker when threads > 1) for `app`."""
    argv = [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers", str(workers),
            "--threads", str(threads), "--timeout", str(TIMEOUT_S), "--graceful-timeout", str(GRACEFUL_TIMEOUT_S),
            "--keep-alive", str(KEEPALIVE_S)]
    if access_log:
        argv += ["--access-logfile", "-"]
    return argv + [app]
