#!/usr/bin/env bash
# Install what the tests need and run lint, checks and the whole suite.
#   bash scripts/test.sh                  SQLite, tasks in-process (no services needed)
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu REDIS_URL=redis://127.0.0.1:6379/15 \
#     bash scripts/test.sh                PostgreSQL, Redis and a real Celery worker process
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --editable ".[test]"
bash scripts/system-packages.sh test

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== layers and imports"
.venv/bin/lint-imports
.venv/bin/python scripts/check_imports.py
# Nothing type-checks the code: a `# type: ignore` must say in its line why it is there.
if grep -rnE --include='*.py' --exclude-dir=migrations '# type: ignore(\[[^]]*\])?[[:space:]]*$' \
    config units indicators directives reports notifications tests bench scripts; then
  echo "a '# type: ignore' without its reason in the line (above)" >&2
  exit 1
fi

echo "== migrations and deployment checks"
.venv/bin/python manage.py makemigrations --check --dry-run --settings=config.settings.test
DJANGO_SECRET_KEY="check-deploy-$(date +%s)-a-long-random-looking-secret-value-xyz" \
DJANGO_ALLOWED_HOSTS=chitieu.example.gov.vn \
  .venv/bin/python manage.py check --deploy --fail-level WARNING --settings=config.settings.prod

# Tests marked `worker` need a real worker, those marked `services` start their own Redis,
# PostgreSQL cluster or workers: both run when PostgreSQL and Redis are configured.
# The SQLite pass runs on 2 processes. Live servers take a free port and each process has its
# own database and export directory; a test that cannot share would declare an xdist_group.
select=(-m "not worker and not services" -n 2 --dist loadgroup)
if [[ "${DATABASE_URL:-}" == postgres* && -n "${REDIS_URL:-}" ]]; then
  # Serial: the `worker` tests share one real worker and queue, `services` tests start
  # clusters and workers of their own.
  select=()
  echo "== pytest on PostgreSQL ($DATABASE_URL) with Redis and a Celery worker"
else
  echo "== pytest on SQLite, tasks in-process (worker and services tests run when DATABASE_URL=postgres… and REDIS_URL are set)"
fi
.venv/bin/python -m pytest "${select[@]}" "$@"
