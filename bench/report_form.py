"""Benchmark: server time of the report form's GET and POST (save), on the demo province and on
a report with 60 indicators and 40 tasks.

    python bench/report_form.py                 # its own SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_bench python bench/report_form.py

Prints the median and 95th percentile over repeated requests, and the queries per request.
Measured in-process with Django's test client (no network), so the figures are server time.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/chitieu-bench.sqlite3")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from directives.models import Directive, Target, TargetScope, Task, TaskAssignee  # noqa: E402
from indicators.models import Indicator  # noqa: E402
from reports.periods.models import Period  # noqa: E402
from reports.submissions.models import Submission  # noqa: E402
from reports.submissions.selectors import report_rows, reporting_obligations  # noqa: E402
from reports.submissions.services import submission_start  # noqa: E402
from units.models import Unit, User  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def timed(
    client: Client, method: str, url: str, data: dict | None = None
) -> tuple[list[float], int]:
    times, queries = [], 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(url, data) if method == "POST" else client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 302), (response.status_code, response.content[:500])
        queries = len(captured.captured_queries)
    return times, queries


def posted(submission: Submission, version: int, shift: int = 0) -> dict[str, str]:
    """Every figure filled; a different `shift` changes every one of them."""
    rows = report_rows(submission)
    data = {"version": str(version)}
    for row in rows.indicators:
        code = row.code
        if row.indicator.kind == "ratio":
            data[f"value:{code}:numerator"] = str(45 - shift)
            data[f"value:{code}:denominator"] = "60"
        elif row.indicator.kind == "boolean":
            data[f"value:{code}:value"] = str(1 - shift)
        else:
            data[f"value:{code}:value"] = str(3 + shift)
    for row in rows.tasks:
        data[f"task:{row.task.number}:status"] = "in_progress"
        data[f"task:{row.task.number}:progress"] = "Đang triển khai theo kế hoạch"
    return data


def measure(label: str, submission: Submission, user: User) -> None:
    client = Client()
    client.force_login(user)
    url = reverse("reports:edit", args=[submission.pk])
    client.get(url)  # warm caches and templates
    get_times, get_queries = timed(client, "GET", url)
    save_url = reverse("reports:save", args=[submission.pk])
    # Alternate two sets of figures so every save really writes.
    post_times, post_queries = [], 0
    for i in range(ROUNDS):
        submission.refresh_from_db()
        data = posted(submission, submission.version)
        first = next(k for k in data if k.endswith(":numerator") or k.endswith(":value"))
        data[first] = "40" if i % 2 else "41"
        times, post_queries = timed_once(client, save_url, data)
        post_times.append(times)
    # Autosave where every figure changed (the costliest save).
    all_times, all_queries = [], 0
    for i in range(ROUNDS):
        submission.refresh_from_db()
        times, all_queries = timed_once(
            client, save_url, posted(submission, submission.version, i % 2)
        )
        all_times.append(times)
    rows = report_rows(submission)
    print(f"{label}: {len(rows.indicators)} indicators × {len(rows.tasks)} tasks")
    for name, times, queries in (
        ("GET  form", get_times, get_queries),
        ("POST save, one figure changed", post_times, post_queries),
        ("POST save, every figure changed", all_times, all_queries),
    ):
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        print(
            f"  {name}: median {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms, {queries} queries"
        )


def timed_once(client: Client, url: str, data: dict) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.post(url, data)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 302, (response.status_code, response.content[:800])
    return elapsed, len(captured.captured_queries)


def big_report() -> tuple[Submission, User]:
    """A directive giving one ward 60 indicators and 40 tasks."""
    district = Unit.objects.get(code="PT-VINHYEN")
    directive, _ = Directive.objects.get_or_create(
        code="BENCH-60x40",
        defaults={
            "kind": "plan",
            "title": "Kế hoạch thử tải 60 chỉ số × 40 nhiệm vụ",
            "issuer": "UBND tỉnh Phú Thọ",
            "issued_on": "2025-07-01",
            "effective_from": "2025-07-01",
            "reporting": ["quarter"],
            "report_to": Unit.objects.get(code="PT-SKHCN"),
        },
    )
    if not directive.tasks.exists():
        for t in range(40):
            task = Task.objects.create(
                directive=directive, number=f"B.{t + 1}", title=f"Nhiệm vụ thử {t + 1}", position=t
            )
            TaskAssignee.objects.create(task=task, role="lead", unit=district)
        first = directive.tasks.order_by("position").first()
        for i in range(60):
            kind = ("ratio", "count", "boolean")[i % 3]
            labels = (
                {"numerator_label": "Tử số", "denominator_label": "Mẫu số"}
                if kind == "ratio"
                else {}
            )
            indicator, _ = Indicator.objects.get_or_create(
                code=f"BENCH_{i}", defaults={"name": f"Chỉ số thử {i}", "kind": kind, **labels}
            )
            target = Target.objects.create(
                task=first,
                indicator=indicator,
                op=">=",
                value=Decimal(1 if kind == "boolean" else 80),
                judge="pooled",
                position=i,
            )
            TargetScope.objects.create(target=target, unit=district)
    period = Period.objects.filter(status="open").order_by("-ends_on").first()
    directive.reporting = [period.kind]
    directive.save()
    user = User.objects.get(username="baocao.vinhyen")
    submission = Submission.objects.filter(
        directive=directive, unit=district, period=period
    ).first()
    if submission is None or submission.status != "draft":
        Submission.objects.filter(directive=directive).delete()
        submission = submission_start(unit=district, period=period, directive=directive, by=user)
    return submission, user


def main() -> None:
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="baocao.vinhyen").exists():
        call_command("load_demo", force=True, verbosity=0)
    reporter = User.objects.get(username="baocao.vinhyen")
    owed = [
        o for o in reporting_obligations(user=reporter)
        if o.open_for_editing and o.directive.code != "BENCH-60x40"
    ]  # fmt: skip
    demo = None
    if owed:
        o = owed[0]
        demo = submission_start(unit=o.unit, period=o.period, directive=o.directive, by=reporter)
    print(f"database: {connection.vendor}; {ROUNDS} requests each")
    if demo is not None:
        measure(f"demo report ({demo.directive.code}, {demo.period.label})", demo, reporter)
    submission, user = big_report()
    measure("synthetic report", submission, user)
    bare_sql(submission)


def bare_sql(submission: Submission) -> None:
    """The floor for a save of every figure: one UPDATE of the report's value rows."""
    ids = list(submission.values.values_list("pk", flat=True))

    def write(shift: int) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE reports_indicatorvalue SET note = %s WHERE id = ANY(%s)"
                if connection.vendor == "postgresql"
                else "UPDATE reports_indicatorvalue SET note = %s WHERE id IN (SELECT value FROM json_each(%s))",
                [f"n{shift}", ids if connection.vendor == "postgresql" else json.dumps(ids)],
            )

    times = []
    for i in range(ROUNDS):
        start = time.perf_counter()
        write(i % 2)
        times.append((time.perf_counter() - start) * 1000)
    submission.values.update(note="")
    print(
        f"  bare SQL updating its {len(ids)} value rows: median {statistics.median(times):6.1f} ms"
    )


if __name__ == "__main__":
    main()
