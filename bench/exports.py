"""Benchmark: the Excel workbook and the PDF report at province scale (make_bench_data).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_bench python bench/exports.py

Each measurement runs in a forked process of its own, so its peak memory (ru_maxrss) is its
own. Baselines: openpyxl writing the same unit cells directly (write-only mode, no styles, no
query layer), and WeasyPrint rendering the report's HTML string already made.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/chitieu-bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from weasyprint import HTML  # noqa: E402

from directives.models import Directive  # noqa: E402
from reports.aggregation import compliance_recompute  # noqa: E402
from reports.compliance import compliance_run  # noqa: E402
from reports.exports.content import report_content  # noqa: E402
from reports.exports.pdf import heading, report_html, write_pdf  # noqa: E402
from reports.exports.workbook import write_workbook  # noqa: E402
from reports.models import Period, UnitTargetResult  # noqa: E402
from units.models import Unit  # noqa: E402


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _child(work: Callable[[], object], pipe) -> None:  # type: ignore[no-untyped-def]
    connections.close_all()  # a connection of its own, not the parent's socket
    before = _rss_mb()
    start = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pipe.send((elapsed, peak, peak - before, result))


def measure(work: Callable[[], object]) -> tuple[float, float, float, object]:
    """(seconds, peak RSS MB, peak above the start MB, result), in a forked process."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_child, args=(work, child))
    process.start()
    found = parent.recv()
    process.join()
    return found


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("make_bench_data")
    directive = Directive.objects.get(code="BENCH-KH")
    period = Period.objects.get(kind="month", year=2025, number=12)
    if compliance_run(directive=directive, period=period, basis="official") is None:
        compliance_recompute(directive=directive, period=period)
    root = Unit.objects.get(code="BENCH")
    run = compliance_run(directive=directive, period=period, basis="official")
    rows = UnitTargetResult.objects.filter(run=run).count()
    connections.close_all()

    def excel() -> int:
        out = io.BytesIO()
        write_workbook(report_content(directive=directive, period=period, area=root), out)
        return out.tell()

    def excel_bare() -> int:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("bare")
        values = UnitTargetResult.objects.filter(run=run).values_list(
            "unit__code", "unit__name", "unit__level__name", "target__task__number",
            "target__indicator__name", "numerator", "denominator", "value", "target__value", "met",
        )  # fmt: skip
        for row in values.iterator(chunk_size=5000):
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.tell()

    def pdf() -> int:
        out = io.BytesIO()
        content = report_content(directive=directive, period=period, area=root)
        return write_pdf(content, heading(number="", issued_on=period.due_on), out)

    content = report_content(directive=directive, period=period, area=root)
    html = report_html(content, heading(number="", issued_on=period.due_on))
    connections.close_all()

    def pdf_bare() -> int:
        document = HTML(string=html).render()
        document.write_pdf(io.BytesIO())
        return len(document.pages)

    print(f"database: {connection.vendor}; {rows} unit × target rows in the period's official run")
    results = {name: measure(work) for name, work in (
        ("excel", excel), ("excel_bare", excel_bare), ("pdf", pdf), ("pdf_bare", pdf_bare))}  # fmt: skip
    for kind, unit in (("excel", "bytes"), ("pdf", "pages")):
        seconds, peak, extra, result = results[kind]
        bare_seconds, bare_peak, bare_extra, _ = results[f"{kind}_bare"]
        print(
            f"  {kind:5}: {seconds:6.1f} s, peak {peak:6.0f} MB (+{extra:4.0f} MB), {result} {unit}"
            f"  | bare {bare_seconds:6.1f} s, peak {bare_peak:6.0f} MB (+{bare_extra:4.0f} MB)"
            f"  | ratio {seconds / bare_seconds:.2f}× time, {extra / max(bare_extra, 1):.2f}× memory"
        )


if __name__ == "__main__":
    main()
