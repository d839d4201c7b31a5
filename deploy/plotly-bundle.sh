#!/usr/bin/env bash
# The dashboard draws only scatter and bar traces, so it serves plotly.js's "basic" bundle (1.2 MB)
# from its assets instead of the full one (4.8 MB) that dcc.Graph would fetch: the first chart
# appears about twice as soon (bench/first_chart.py). The version is the one the installed Python
# plotly package bundles. Without npm or the registry, the dashboard still works: dcc.Graph then
# loads plotly's full bundle itself (window.Plotly is undefined), so this step only warns.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=dashboard/assets/vendor/plotly-basic.min.js
version=$(.venv/bin/python -c 'import re, plotly.offline as po; print(re.search(r"v(\d+\.\d+\.\d+)", po.get_plotlyjs()[:300]).group(1))')
if [ -f "$dest" ] && head -c 300 "$dest" | grep -q "v$version"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "warning: npm not found; the dashboard will load plotly's full bundle (slower first chart)" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && timeout 120 npm pack --silent "plotly.js-basic-dist-min@$version" >/dev/null 2>"$tmp/npm.log"); then
  echo "warning: could not fetch plotly.js-basic-dist-min@$version; the dashboard will load plotly's full bundle" >&2
  cat "$tmp/npm.log" >&2
  exit 0
fi
tar -xzf "$tmp/plotly.js-basic-dist-min-$version.tgz" -C "$tmp" package/plotly-basic.min.js package/LICENSE
mkdir -p "$(dirname "$dest")"
cp "$tmp/package/LICENSE" "$(dirname "$dest")/plotly-LICENSE.txt"
mv "$tmp/package/plotly-basic.min.js" "$dest.partial"
mv "$dest.partial" "$dest"  # a rename: the server never serves half a file
echo "plotly.js basic bundle $version in $dest"
