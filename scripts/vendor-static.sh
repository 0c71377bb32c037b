#!/usr/bin/env bash
# Refresh the vendored front-end libraries from the npm registry (run by hand, never by CI or
# the portal: they are committed with their version, SHA-256 and licence).
#   bash scripts/vendor-static.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CHARTJS_VERSION="${CHARTJS_VERSION:-4.6.1}"
AXE_VERSION="${AXE_VERSION:-4.12.1}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# vendor PACKAGE VERSION FILE-IN-PACKAGE LICENCE-FILE DEST NAME-IN-DEST NOTE
vendor() {
  local package="$1" version="$2" file="$3" licence="$4" dest="$5" name="$6" note="$7"
  mkdir -p "$work/$package"
  (cd "$work/$package" && npm pack --silent "${package}@${version}" >/dev/null && tar xzf ./*.tgz)
  rm -rf "$dest" && mkdir -p "$dest"
  cp "$work/$package/package/$file" "$dest/$name"
  cp "$work/$package/package/$licence" "$dest/$licence"
  (cd "$dest" && sha256sum "$name" > SHA256SUMS)
  echo "$note from the npm registry, $(date -u +%F)" > "$dest/SOURCE"
  echo "vendored ${package} ${version} into $dest"
}

vendor chart.js "$CHARTJS_VERSION" dist/chart.umd.min.js LICENSE.md static/vendor/chartjs \
  "chart-${CHARTJS_VERSION}.umd.min.js" "Chart.js ${CHARTJS_VERSION} (MIT)"
# axe-core runs in the browser tests only (tests/e2e/accessibility.py); the portal never serves it.
vendor axe-core "$AXE_VERSION" axe.min.js LICENSE tests/e2e/vendor/axe-core \
  "axe-${AXE_VERSION}.min.js" "axe-core ${AXE_VERSION} (MPL-2.0), for the browser tests only,"
