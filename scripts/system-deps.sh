#!/usr/bin/env bash
# Install the Debian packages saferplaces needs, only those missing.
#   chromium            headless browser for the browser and accessibility tests
#   poppler-utils       pdftoppm/pdftotext, to look at rendered PDFs in tests
#   postgresql          a real PostgreSQL server for the web app's test suite
#   libpango-1.0-0 ...  WeasyPrint's text layout; fonts-dejavu for its glyphs
#   fonts-liberation    Liberation Sans, metric-compatible with Arial: documents ask for
#                       Arial (every council PC has it) and fall back to it where rendered
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

have_cmd chromium || need+=(chromium)
have_cmd pdftoppm || need+=(poppler-utils)
{ have_cmd initdb || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || need+=(postgresql)
have_pkg libpango-1.0-0 || need+=(libpango-1.0-0)
have_pkg libpangoft2-1.0-0 || need+=(libpangoft2-1.0-0)
have_pkg fonts-dejavu-core || need+=(fonts-dejavu-core)
have_pkg fonts-liberation || need+=(fonts-liberation)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
