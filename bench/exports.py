"""Benchmark: the Excel workbook and the PDF report at province scale (make_bench_data).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_bench python bench/exports.py

(make_bench_data takes about a minute on PostgreSQL the first time.)

Each measurement runs in a fresh Python process of its own, so its peak memory (ru_maxrss)
is its own; "+N MB" is the peak above that process's memory once Django is loaded.
Baselines: openpyxl writing the same unit cells directly (write-only mode, no styles, no query
layer), and WeasyPrint rendering the report's HTML string made beforehand.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
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
from openpyxl import Workbook  # noqa: E402
from weasyprint import HTML  # noqa: E402

from directives.models import Directive  # noqa: E402
from reports.compliance.models import UnitTargetResult  # noqa: E402
from reports.compliance.selectors import compliance_run  # noqa: E402
from reports.compliance.services import compliance_recompute  # noqa: E402
from reports.exports.content import report_content  # noqa: E402
from reports.exports.pdf import heading, report_html, write_pdf  # noqa: E402
from reports.exports.workbook import write_workbook  # noqa: E402
from reports.periods.models import Period  # noqa: E402
from units.models import Unit  # noqa: E402
from units.selectors import province_profile_of  # noqa: E402


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(name: str) -> tuple[float, float, float, object]:
    """(seconds, peak RSS MB, peak above the start MB, result) of one work, in a new process."""
    done = subprocess.run(  # noqa: S603 — this script, a name from WORKS
        [sys.executable, __file__, name], check=True, capture_output=True, text=True
    )
    return tuple(json.loads(done.stdout.splitlines()[-1]))


def scene() -> tuple[Directive, Period, Unit, object]:
    directive = Directive.objects.get(code="BENCH-KH")
    period = Period.objects.get(kind="month", year=2025, number=12)
    root = Unit.objects.get(code="BENCH")
    return directive, period, root, compliance_run(directive=directive, period=period,
                                                   basis="official")  # fmt: skip


def excel() -> int:
    directive, period, root, _ = scene()
    out = io.BytesIO()
    write_workbook(report_content(directive=directive, period=period, area=root), out)
    return out.tell()


def excel_bare() -> int:
    """openpyxl writing the same unit rows directly: no query layer, no formats."""
    *_, run = scene()
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
    directive, period, root, _ = scene()
    content = report_content(directive=directive, period=period, area=root)
    return write_pdf(
        content,
        heading(profile=province_profile_of(root), number="", issued_on=period.due_on),
        io.BytesIO(),
    )


def pdf_bare() -> int:
    """WeasyPrint rendering the report's HTML string, made beforehand (untimed)."""
    document = HTML(string=HTML_FILE.read_text()).render()
    document.write_pdf(io.BytesIO())
    return len(document.pages)


WORKS = {"excel": excel, "excel_bare": excel_bare, "pdf": pdf, "pdf_bare": pdf_bare}
HTML_FILE = Path(__file__).resolve().parent / "out" / "exports-report.html"


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("make_bench_data")
    directive, period, root, run = scene()
    if run is None:
        compliance_recompute(directive=directive, period=period)
        directive, period, root, run = scene()
    rows = UnitTargetResult.objects.filter(run=run).count()
    content = report_content(directive=directive, period=period, area=root)
    HTML_FILE.parent.mkdir(exist_ok=True)
    HTML_FILE.write_text(
        report_html(
            content, heading(profile=province_profile_of(root), number="", issued_on=period.due_on)
        )
    )
    print(f"database: {connection.vendor}; {rows} unit × target rows in the period's official run")
    results = {name: measure(name) for name in WORKS}
    for kind, unit in (("excel", "bytes"), ("pdf", "pages")):
        seconds, peak, extra, result = results[kind]
        bare_seconds, bare_peak, bare_extra, _ = results[f"{kind}_bare"]
        print(
            f"  {kind:5}: {seconds:6.1f} s, peak {peak:6.0f} MB (+{extra:4.0f} MB), {result} {unit}"
            f"  | bare {bare_seconds:6.1f} s, peak {bare_peak:6.0f} MB (+{bare_extra:4.0f} MB)"
            f"  | ratio {seconds / bare_seconds:.2f}× time, {extra / max(bare_extra, 1):.2f}× memory"
        )


def child(name: str) -> None:
    before = _rss_mb()
    start = time.perf_counter()
    result = WORKS[name]()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps([elapsed, peak, peak - before, result]))


if __name__ == "__main__":
    child(sys.argv[1]) if len(sys.argv) > 1 else main()
