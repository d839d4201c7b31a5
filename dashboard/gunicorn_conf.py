"""gunicorn's settings for the dashboard, read by gunicorn itself (`--config python:dashboard.gunicorn_conf`,
paths.GUNICORN_CONFIG): `jjj serve` and the benchmarks (bench/load.py) pass the same file.

Under overload (64 clients, 1 M observations) gunicorn's gthread worker accepted every connection and
queued its request unbounded in the worker's thread pool; behind a few slow CPU-bound page callbacks
a queued request waited until its client gave up: a dropped connection, and nothing in any log, since
the request was never read. Now each worker admits a few page requests at once and answers the rest
with a quick 503 + Retry-After (dashboard/admission.py), so the queue stays short, and:

- timeout 120 s: a worker's heartbeat can lag behind a first, cold page request at 1 M (12–13 s) under
  load; a worker killed by gunicorn takes every request it holds with it, unanswered.
- graceful_timeout 30 s: on restart or SIGTERM, requests in flight finish.
- keepalive 5 s: a client reusing its connection right after a short pause does not race the server
  closing it (the default is 2 s).

Workers, threads and the address come from the command line (`jjj serve --workers/--threads`).
"""
timeout = 120
graceful_timeout = 30
keepalive = 5
accesslog = "-"
