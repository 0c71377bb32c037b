#!/usr/bin/env bash
# Refresh the vendored front-end libraries from the npm registry (run by hand, never by CI or
# the portal: they are committed under static/vendor/ with their version, SHA-256 and licence).
#   bash scripts/vendor-static.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CHARTJS_VERSION="${CHARTJS_VERSION:-4.6.1}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "chart.js@${CHARTJS_VERSION}" >/dev/null && tar xzf chart.js-*.tgz)
dest=static/vendor/chartjs
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/package/dist/chart.umd.min.js" "$dest/chart-${CHARTJS_VERSION}.umd.min.js"
cp "$work/package/LICENSE.md" "$dest/LICENSE.md"
(cd "$dest" && sha256sum "chart-${CHARTJS_VERSION}.umd.min.js" > SHA256SUMS)
echo "Chart.js ${CHARTJS_VERSION} (MIT) from the npm registry, $(date -u +%F)" > "$dest/SOURCE"
echo "vendored Chart.js ${CHARTJS_VERSION} into $dest"
