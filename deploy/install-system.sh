#!/usr/bin/env bash
# Debian packages the tests need: Chromium and its driver (browser tests), CJK fonts (Chinese in
# screenshots) and PostgreSQL (database tests). Installs only what is missing.
set -euo pipefail
need=()
for pkg in chromium chromium-driver fonts-noto-cjk postgresql; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
