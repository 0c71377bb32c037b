"""Benchmark: the dashboards and the compliance API at province scale (make_bench_data).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_bench python bench/dashboards.py

For each page: the median server time (Django's test client, in-process, no network), its
query count, and its ratio to the bare SQL that reads the same rows: the very statements the
page ran, replayed through a raw cursor (no ORM, no template). The province root and one
district (~50 units) are both measured.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/chitieu-bench.sqlite3")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directives.models import Directive, Target  # noqa: E402
from reports.compliance.models import ComplianceRun  # noqa: E402
from reports.compliance.services import compliance_recompute  # noqa: E402
from reports.periods.models import Period  # noqa: E402
from units.models import Membership, Role, Unit, User  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
# Server-side cursors (ModelChoiceIterator): replayed as the plain SELECT they wrap.
DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH HOLD FOR ')


def median_ms(work) -> float:
    work()  # warm caches
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def replay(statements: list[str]) -> float:
    """The same SQL the page ran, straight through a cursor: no ORM, no template."""
    plain = [DECLARE.sub("", sql) for sql in statements]

    def run() -> None:
        with connection.cursor() as cursor:
            for sql in plain:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    return median_ms(run)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("make_bench_data")
    directive = Directive.objects.get(code="BENCH-KH")
    periods = list(Period.objects.filter(kind="month", year=2025).order_by("number"))
    if ComplianceRun.objects.filter(directive=directive).count() < 2 * len(periods):
        for period in periods:
            compliance_recompute(directive=directive, period=period)
    period = periods[-1]
    root = Unit.objects.get(code="BENCH")
    district = Unit.objects.filter(parent=root, level__code="district").order_by("code").first()
    assert district is not None
    user, _ = User.objects.get_or_create(username="bench.lanhdao")
    Membership.objects.get_or_create(user=user, unit=root, role=Role.LEADER)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # As Django's test runner does: keep one connection, so each request's queries can be read.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(user)
    target = Target.objects.filter(task__directive=directive).order_by("pk").first()
    assert target is not None
    d = directive.pk
    base = f"/reports/dashboard/{d}"
    query = f"period={period.pk}"
    pages = {
        "overview": "/reports/dashboard/",
        "targets": f"{base}/?{query}",
        "units behind a target": f"{base}/targets/{target.pk}/?{query}",
        "heatmap": f"{base}/heatmap/?{query}",
        "ranking": f"{base}/ranking/?{query}",
        "trends": f"{base}/trends/?{query}",
        "compliance API": f"/api/v1/dashboard/compliance/?directive={d}&{query}",
    }
    print(f"database: {connection.vendor}; {Unit.objects.count()} units; median of {ROUNDS}")
    # The machine's floor for a page: a trivial signed-in one (nothing owed, nothing to read).
    trivial = median_ms(lambda: client.get("/reports/"))
    print(f"  trivial signed-in page (My reports, nothing owed): {trivial:.1f} ms")
    for area, code in (("province", root.code), ("district", district.code)):
        print(f"  area: {area} ({code})")
        for name, url in pages.items():
            url = f"{url}{'&' if '?' in url else '?'}unit={code}"
            with CaptureQueriesContext(connection) as captured:
                answer = client.get(url)
            assert answer.status_code == 200, (url, answer.status_code)
            statements = [q["sql"] for q in captured.captured_queries]
            cold = median_ms(lambda url=url: (cache.clear(), client.get(url)))
            page = median_ms(lambda url=url: client.get(url))  # a repeat: from the cache
            sql_ms = replay(statements)
            print(f"    {name:24s} cold {cold:7.1f} ms  {len(statements):3d} queries"
                  f"  bare SQL {sql_ms:6.1f} ms  ({cold / sql_ms:4.1f}×)"
                  f"  warm {page:7.1f} ms ({page / trivial:4.1f}× trivial)")  # fmt: skip


if __name__ == "__main__":
    main()
