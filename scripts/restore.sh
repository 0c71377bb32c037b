#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and media/export folders.
#   createdb -h 127.0.0.1 -U postgres chitieu_restored
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_restored \
#   DJANGO_MEDIA_ROOT=/srv/chitieu/media CHITIEU_EXPORT_ROOT=/srv/chitieu/exports \
#     bash scripts/restore.sh backups/chitieu-YYYYMMDD-HHMMSS
# It checks the sums first, refuses a database that already has tables, and stops at the first
# error. Then run `python manage.py migrate` (a no-op unless the code is newer than the backup).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:?usage: restore.sh BACKUP_DIR}"
url="${DATABASE_URL:?set DATABASE_URL=postgres://… (an empty database)}"
[[ "$url" == postgres* ]] || { echo "restore.sh: DATABASE_URL must be a PostgreSQL URL" >&2; exit 2; }
media="${DJANGO_MEDIA_ROOT:-$root/media}"
exports="${CHITIEU_EXPORT_ROOT:-$root/exports}"

(cd "$src" && sha256sum --check --quiet SHA256SUMS)
tables="$(psql "$url" -tAc "select count(*) from pg_tables where schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore.sh: the database already has $tables tables; restore into an empty one" >&2
  exit 2
fi
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$url" "$src/database.dump"
mkdir -p "$media" "$exports"
tar --extract --gzip --file="$src/media.tar.gz" --directory="$media"
tar --extract --gzip --file="$src/exports.tar.gz" --directory="$exports"
echo "restored $src"
