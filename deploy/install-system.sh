#!/usr/bin/env bash
# Debian packages the tests need: Chromium and its driver (browser tests), CJK fonts (Chinese in
# screenshots), PostgreSQL (database tests), nginx (the reverse proxy of deploy/nginx, and its test)
# and the sqlite3 command line (the CSV floor of `make bench`). Installs only what is missing.
set -euo pipefail
need=()
for pkg in chromium chromium-driver fonts-noto-cjk postgresql nginx sqlite3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
# Installing postgresql may start its server; it must not inherit our descriptors (a daemon
# holding the caller's pipe keeps CI waiting), so apt runs with all but stdin/out/err closed.
log=$(mktemp)
if ! python3 -c 'import subprocess, sys
sys.exit(subprocess.call(sys.argv[1:], stdin=subprocess.DEVNULL))' \
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  echo "apt-get install ${need[*]} failed (log above)" >&2
  exit 1
fi
rm -f "$log"
