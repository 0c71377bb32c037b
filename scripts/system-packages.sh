#!/usr/bin/env bash
# Debian packages the portal needs: `run` for the portal itself, `test` adds the browser tests'.
#   fonts-liberation2: Liberation Serif 2.x, Times New Roman metrics with every Vietnamese letter
#   pango, harfbuzz-subset: WeasyPrint (PDF)
#   chromium, poppler-utils, gettext: end-to-end tests, PDF checks, checking the compiled
#   translation (never `playwright install`); curl: the API guide's commands (test_api_guide.py)
#   softhsm2: a PKCS#11 token for the signing tests (a Government CA USB token's stand-in)
set -euo pipefail
want=(fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
[ "${1:-run}" = test ] && want+=(chromium poppler-utils gettext curl softhsm2)
missing=()
for package in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Missing system packages (install them with your package manager): ${missing[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
