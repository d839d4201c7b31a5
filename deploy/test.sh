#!/usr/bin/env bash
# The test command: set everything up on a fresh Debian machine (Debian packages, the Python
# environment, a local PostgreSQL database), then run every test. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-system.sh
bash deploy/setup.sh
# Lint first: a style or import error fails CI before the hour of tests (config: [tool.ruff] in pyproject.toml).
.venv/bin/ruff check .
url=$(bash .ci/postgres.sh)
# Tests run in worker processes (pytest-xdist): on 2 cores 3 workers still help, as the suite waits on
# subprocesses, servers and browsers a good part of its time. Tests go to whichever worker is free, one at a
# time (loadgroup), so no worker is left alone with a long file at the end; a file whose module fixture is costly
# to start (a gunicorn, an nginx, a PostgreSQL build) is in RUN_WHOLE (tests/conftest.py): one worker runs it whole.
# Each worker tests in a PostgreSQL database of its own beside $url (tests/conftest.py). `-n 0` runs in-process.
WORKERS=${WORKERS:-3}
# A hung test fails on its own (pytest-timeout, set in pyproject.toml); this bounds the whole run.
TEST_DATABASE_URL=$url exec timeout --kill-after=30 3600 .venv/bin/pytest -q -n "$WORKERS" --dist loadgroup "$@"
