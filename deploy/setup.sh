#!/usr/bin/env bash
# The set-up that is not Debian's: a virtual environment in .venv with the project (editable) and
# its test tools (reinstalled only when pyproject.toml changed), then plotly.js's basic bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
venv=.venv
stamp=$venv/.installed-pyproject.sha256
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if ! { [ -x "$venv/bin/jjj" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }; then
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q -e '.[test]'
  echo "$want" > "$stamp"
fi
bash deploy/plotly-bundle.sh
