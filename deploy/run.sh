#!/usr/bin/env bash
# The run command: set up the Python environment, build data/jjj.db if it is missing or out of
# date, and serve the dashboard with gunicorn (default http://127.0.0.1:8050).
# HOST, PORT and DB override the defaults; further arguments go to `jjj serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
exec .venv/bin/jjj serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8050}" --db "${DB:-data/jjj.db}" "$@"
