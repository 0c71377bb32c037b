#!/usr/bin/env bash
# Load scenario (issue 8, item 6) on loopback, bounded in time: gunicorn on PostgreSQL with the
# benchmark province (make_bench_data), a Celery worker on Redis for the recomputes, and locust
# with AGENCY agency heads filling in and sending reports and LEADERS leaders on the dashboards.
# Prints throughput, p50/p95/p99 and the error count; the CSVs land in bench/out/load_*.csv.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_bench REDIS_URL=redis://127.0.0.1:6379/3 \
#     bash bench/load.sh [AGENCY=200] [LEADERS=50] [DURATION=60s] [trivial]
# With `trivial`, LEADERS users ask for a trivial signed-in page with no pause: the machine's limit.
# BENCH_WEB_WORKERS (3) gunicorn workers, BENCH_PORT (8001), BENCH_SPAWN_RATE (25 users/s).
set -euo pipefail
cd "$(dirname "$0")/.."
agency="${1:-200}" leaders="${2:-50}" duration="${3:-60s}" mode="${4:-}"
: "${DATABASE_URL:?set DATABASE_URL=postgres://… (a database of its own: make_bench_data fills it)}"
: "${REDIS_URL:?set REDIS_URL=redis://…}"
export DJANGO_SETTINGS_MODULE=config.settings.dev DJANGO_DEBUG=0 DATABASE_CONN_MAX_AGE=60
export CELERY_QUEUE="${CELERY_QUEUE:-chitieu-load}"
port="${BENCH_PORT:-8001}" out=bench/out
mkdir -p "$out"
.venv/bin/python manage.py migrate -v0
.venv/bin/python bench/load_setup.py "$agency" "$leaders"

.venv/bin/gunicorn config.wsgi:application --workers="${BENCH_WEB_WORKERS:-3}" \
  --bind="127.0.0.1:$port" --no-control-socket --pid="$out/gunicorn.pid" \
  --error-logfile="$out/gunicorn.log" --capture-output --daemon
.venv/bin/celery -A config worker --pool=solo --loglevel=WARNING --detach \
  --pidfile="$PWD/$out/worker.pid" --logfile="$PWD/$out/worker.log"
stop() {
  for pid_file in "$out/gunicorn.pid" "$out/worker.pid"; do
    [ -f "$pid_file" ] && kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
  done
  .venv/bin/celery -A config purge -f -Q "$CELERY_QUEUE" >/dev/null 2>&1 || true
}
trap stop EXIT
for _ in $(seq 60); do
  curl -s -o /dev/null "http://127.0.0.1:$port/login/" && break
  sleep 1
done

status=0
classes=(AgencyUser Leader)
[ "$mode" = trivial ] && classes=(TrivialUser) agency=0
BENCH_AGENCY_USERS="$agency" BENCH_LEADERS="$leaders" .venv/bin/locust -f bench/locustfile.py \
  "${classes[@]}" --headless --only-summary -u "$((agency + leaders))" -r "${BENCH_SPAWN_RATE:-25}" \
  -t "$duration" --stop-timeout 10 --host "http://127.0.0.1:$port" --csv "$out/load" || status=$?
.venv/bin/python - "$out/load_stats.csv" <<'PY'
import csv, sys
rows = {row["Name"]: row for row in csv.DictReader(open(sys.argv[1]))}
total = rows["Aggregated"]
print(f"requests {total['Request Count']}  errors {total['Failure Count']}  "
      f"throughput {float(total['Requests/s']):.1f} req/s  "
      f"p50 {total['50%']} ms  p95 {total['95%']} ms  p99 {total['99%']} ms")
PY
exit "$status"
