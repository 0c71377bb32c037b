"""Benchmark: the task board and the reminder jobs on the demo province (load_demo).

    python bench/task_board.py                 (own SQLite file; or set DATABASE_URL)

Prints the rows, queries and median time of the whole-province board for the DIC officer, and
the time of working out every outstanding report (what each reminder job starts from).
"""

from __future__ import annotations

from harness import ROUNDS, median_ms, setup_django

setup_django("sqlite:////tmp/chitieu-bench-board.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from notifications.reminders import outstanding_reports  # noqa: E402
from reports.submissions.task_board import BoardFilters, task_board  # noqa: E402
from units.models import User  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="canbo.skhcn").exists():
        call_command("load_demo", force=True, verbosity=0)
    officer = User.objects.get(username="canbo.skhcn")
    reset_queries()  # the demo's load filled the query log, which would hide the count
    with CaptureQueriesContext(connection) as queries:
        rows = task_board(user=officer, filters=BoardFilters())
    board = median_ms(lambda: task_board(user=officer, filters=BoardFilters()))
    owed = median_ms(outstanding_reports)
    print(f"database: {connection.vendor}; median of {ROUNDS}")
    print(f"  task board, whole province: {len(rows)} rows, {len(queries)} queries, {board:.0f} ms")
    print(f"  outstanding reports ({len(outstanding_reports())}): {owed:.0f} ms")


if __name__ == "__main__":
    main()
