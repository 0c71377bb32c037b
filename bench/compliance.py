"""Benchmark: recomputing compliance figures at province scale (make_bench_data).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_bench python bench/compliance.py

Reports the time of a full recompute of one period (both bases), of the recompute that one
acceptance triggers, and of the bare SQL that reads the same figures.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/chitieu-bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from directives.models import Directive  # noqa: E402
from reports.compliance.services import (  # noqa: E402
    compliance_compute,
    compliance_recompute,
    compliance_refresh,
)
from reports.periods.models import Period  # noqa: E402
from reports.submissions.models import IndicatorValue, Submission  # noqa: E402
from units.models import Unit  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def median_ms(work) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        own = work()  # a float: the work timed itself (it had untimed preparation)
        seconds = own if isinstance(own, float) else time.perf_counter() - start
        times.append(seconds * 1000)
    return statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("make_bench_data")
    directive = Directive.objects.get(code="BENCH-KH")
    period = Period.objects.get(kind="month", year=2025, number=12)
    values = IndicatorValue.objects.filter(
        submission__directive=directive, submission__period=period
    )
    bare = median_ms(lambda: list(values.values_list("indicator_id", "submission__unit_id", "value",
                                                     "numerator", "denominator")))  # fmt: skip
    official = median_ms(
        lambda: compliance_compute(directive=directive, period=period, basis="official")
    )
    full = median_ms(lambda: compliance_recompute(directive=directive, period=period))
    incremental = median_ms(lambda: one_acceptance(directive, period))
    print(
        f"database: {connection.vendor}; {values.count()} figures in the period; median of {ROUNDS}"
    )
    print(f"  bare SQL reading the period's figures: {bare:8.1f} ms")
    print(
        f"  one basis (official), one directive × period: {official:8.1f} ms  ({official / bare:.1f}× bare)"
    )
    print(f"  full recompute of the period (both bases): {full:8.1f} ms  ({full / bare:.1f}× bare)")
    print(
        f"  refresh after one acceptance (both bases): {incremental:8.1f} ms  ({incremental / bare:.1f}× bare)"
    )
    national(period)


def national(period: Period) -> None:
    """With several provinces (make_bench_data --units 5000): the period recomputed for every
    province's plan, as the nightly job does, and the bare SQL reading all their figures."""
    plans = list(Directive.objects.filter(code__startswith="BENCH", code__endswith="-KH"))
    if len(plans) < 2:
        return
    values = IndicatorValue.objects.filter(submission__directive__in=plans,
                                           submission__period=period)  # fmt: skip
    bare = median_ms(lambda: list(values.values_list("indicator_id", "submission__unit_id",
                                                     "value", "numerator", "denominator")))  # fmt: skip
    units = Unit.objects.filter(code__startswith="BENCH").count()
    print(f"  national: {len(plans)} provinces, {units} units, {values.count()} figures")
    print(f"  bare SQL reading the period's figures: {bare:8.1f} ms")
    full = median_ms(lambda: [compliance_recompute(directive=d, period=period) for d in plans])
    print(f"  full recompute of the period, every province (both bases): {full:8.1f} ms"
          f"  ({full / bare:.1f}× bare)")  # fmt: skip


def one_acceptance(directive: Directive, period: Period) -> float:
    """Time the refresh that follows one acceptance: one report goes back to "submitted"
    (refreshed untimed), then is accepted again with a new version."""
    submission = Submission.objects.filter(directive=directive, period=period).order_by("?")[0]
    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    compliance_refresh(directive=directive, period=period)
    Submission.objects.filter(pk=submission.pk).update(
        status="accepted", version=submission.version + 1
    )
    start = time.perf_counter()
    states = compliance_refresh(directive=directive, period=period)
    elapsed = time.perf_counter() - start
    assert set(states.values()) == {"incremental"}, states
    return elapsed


if __name__ == "__main__":
    main()
