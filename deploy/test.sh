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
# A hung test fails on its own (pytest-timeout, set in pyproject.toml); this bounds the whole run.
TEST_DATABASE_URL=$url exec timeout --kill-after=30 3600 .venv/bin/pytest -q "$@"
