#!/usr/bin/env bash
# Install and start the portal with the demo province at http://127.0.0.1:8000
# Embedded defaults: SQLite (db.sqlite3) and Celery tasks in-process; set DATABASE_URL and
# REDIS_URL to use PostgreSQL and Redis instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --editable .
bash scripts/system-packages.sh run

export DJANGO_SETTINGS_MODULE=config.settings.dev
# The demo's provinces are those of 2026: a visitor not yet signed in sees Phú Thọ's Sở Khoa học
# và Công nghệ (a signed-in user sees the profile of their own province).
export CHITIEU_OWNER_NAME="${CHITIEU_OWNER_NAME:-Sở Khoa học và Công nghệ}"
export CHITIEU_PROVINCE_NAME="${CHITIEU_PROVINCE_NAME:-Phú Thọ}"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo
echo "chitieu: http://127.0.0.1:8000 (Ctrl+C to stop)"
exec .venv/bin/python manage.py runserver "${CHITIEU_ADDRESS:-127.0.0.1:8000}"
