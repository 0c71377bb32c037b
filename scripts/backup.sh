#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump custom format), the media files (evidence,
# directive documents) and the export files, into one new directory with their SHA-256 sums.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu bash scripts/backup.sh [DIR]
# DIR defaults to backups/chitieu-YYYYMMDD-HHMMSS. DJANGO_MEDIA_ROOT and CHITIEU_EXPORT_ROOT are
# read as the portal reads them (default: media/ and exports/ beside manage.py).
# Restore with scripts/restore.sh DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
url="${DATABASE_URL:?set DATABASE_URL=postgres://… of the portal database}"
[[ "$url" == postgres* ]] || { echo "backup.sh: DATABASE_URL must be a PostgreSQL URL" >&2; exit 2; }
media="${DJANGO_MEDIA_ROOT:-$root/media}"
exports="${CHITIEU_EXPORT_ROOT:-$root/exports}"
out="${1:-$root/backups/chitieu-$(date +%Y%m%d-%H%M%S)}"
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "backup.sh: $out is not empty" >&2
  exit 2
fi
mkdir -p "$out" "$media" "$exports"

# One consistent snapshot of the database; owners and grants are left to the restoring side.
pg_dump --format=custom --no-owner --no-privileges --file="$out/database.dump" "$url"
# Files after the dump: a file uploaded meanwhile is kept (a row without its file is worse).
# Scratch files of exports in progress (.partial) are not worth keeping.
tar --create --gzip --file="$out/media.tar.gz" --directory="$media" .
tar --create --gzip --file="$out/exports.tar.gz" --exclude=./.partial --directory="$exports" .
(cd "$out" && sha256sum database.dump media.tar.gz exports.tar.gz > SHA256SUMS)
echo "$out"
