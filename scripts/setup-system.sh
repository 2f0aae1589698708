#!/usr/bin/env bash
# Installs the Debian packages the project needs, only when something is missing,
# so that a second `make run` / `make test` is fast. Usage: setup-system.sh [run|test]
set -euo pipefail
want=(python3-qgis qgis-providers python3-venv python3-dev gdal-bin
      libsqlite3-mod-spatialite sqlite3)
# Node.js and npm build the web pages' maps and charts (`make frontend`); any node >= 18
# already on PATH will do, otherwise Debian's.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  want+=(nodejs npm)
fi
if [ "${1:-run}" = "test" ]; then
  # qgis (the desktop app), xvfb and xauth: the plugin test runs real QGIS headless;
  # pyqt5-dev-tools (pylupdate5) and qttools5-dev-tools (lrelease): `make translations`;
  # chromium: the browser tests of the web pages (Playwright drives /usr/bin/chromium).
  want+=(postgresql-15 postgresql-15-postgis-3 xvfb xauth qgis pyqt5-dev-tools
         qttools5-dev-tools chromium)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Run as root (or: sudo apt-get install ${missing[*]})." >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
