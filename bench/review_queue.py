"""Benchmark: the review queue of a province with 1,000 reports awaiting review (make_bench_data).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_bench python bench/review_queue.py

Every unit of the benchmark province sends its report for a month of 2026 (made here, in bulk,
once); a DIC officer of the province opens the queue: the first page, a search, a filter and
the last page. Prints each one's median server time (Django's test client, in-process), its
query count and its rows, and a trivial signed-in page for the machine's floor.
"""

from __future__ import annotations

import re

from harness import ROUNDS, median_ms, setup_django

setup_django("sqlite:////tmp/chitieu-bench.sqlite3")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from directives.models import Directive  # noqa: E402
from reports.periods.services import period_open  # noqa: E402
from reports.submissions.models import Submission  # noqa: E402
from units.models import Membership, Role, Unit, User  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("make_bench_data")
    directive = Directive.objects.get(code="BENCH-KH")
    period = period_open(kind="month", year=2026, number=2)
    if not Submission.objects.filter(directive=directive, period=period).exists():
        reporting = Unit.objects.filter(code__startswith="BENCH-", parent__isnull=False).exclude(
            pk=directive.report_to_id
        )
        now = timezone.now()
        Submission.objects.bulk_create(
            [Submission(unit=u, period=period, directive=directive, status="submitted", version=2,
                        submitted_at=now, is_late=i % 10 == 0) for i, u in enumerate(reporting)],
            batch_size=1000,
        )  # fmt: skip
    waiting = Submission.objects.filter(directive=directive, period=period, status="submitted")
    user, _ = User.objects.get_or_create(username="bench.thamdinh")
    Membership.objects.get_or_create(user=user, unit=Unit.objects.get(code="BENCH"),
                                     role=Role.REVIEWER)  # fmt: skip
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # As Django's test runner does: keep one connection, so each request's queries can be read.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(user)
    url = reverse("reports:review_queue")
    last = (waiting.count() + 49) // 50
    views = {
        "first page": {},
        "search 'xa thu 1'": {"q": "xa thu 1"},
        "communes, late": {"level": "commune", "late": "late"},
        f"last page ({last})": {"page": str(last)},
    }
    print(f"database: {connection.vendor}; {waiting.count()} reports awaiting review; "
          f"median of {ROUNDS}")  # fmt: skip
    trivial = median_ms(lambda: client.get("/reports/"))
    print(f"  trivial signed-in page (My reports, nothing owed): {trivial:.1f} ms")
    for name, query in views.items():
        statements: list[str] = []

        def count(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            answer = client.get(url, query)
        assert answer.status_code == 200, answer.status_code
        rows = len(re.findall(r'href="/reports/review/\d+/"', answer.content.decode()))
        ms = median_ms(lambda query=query: client.get(url, query))
        print(f"  {name:22s} {ms:7.1f} ms  {len(statements):3d} queries"
              f"  {rows:3d} rows shown  ({ms / trivial:.1f}× trivial)")  # fmt: skip


if __name__ == "__main__":
    main()
