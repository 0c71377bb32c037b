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
from reports.aggregation import compliance_compute, compliance_recompute  # noqa: E402
from reports.models import IndicatorValue, Period  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def median_ms(work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
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
    print(
        f"database: {connection.vendor}; {values.count()} figures in the period; median of {ROUNDS}"
    )
    print(f"  bare SQL reading the period's figures: {bare:8.1f} ms")
    print(
        f"  one basis (official), one directive × period: {official:8.1f} ms  ({official / bare:.1f}× bare)"
    )
    print(f"  full recompute of the period (both bases): {full:8.1f} ms")
    print("  (an acceptance triggers the same directive × period recompute, after the commit)")


if __name__ == "__main__":
    main()
