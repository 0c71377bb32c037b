"""Benchmark data: 1,000 units, 60 indicators, 12 monthly periods of accepted reports (every
unit reports every indicator in its scope); with more units, a ministry-hosted portal for
several provinces (one root, DIC and plan each, about 1,000 units apiece unless `--provinces`
says otherwise). For bench/ scripts, not for demos."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from directives.models import Directive, Target, TargetScope, Task, TaskAssignee
from indicators.models import Indicator
from reports.periods.models import Period
from reports.periods.services import period_open
from reports.submissions.models import IndicatorValue, Submission
from units.models import Level, Unit

ROOT = "BENCH"
# Rows per INSERT, and figures held in memory at once: 5,000 units × 60 indicators make
# 300,000 figures a month, which as model objects alone would take most of a gigabyte.
BATCH = 5000


def province_code(number: int) -> str:
    """The root code of the benchmark's `number`th province (0: BENCH, then BENCH2, …)."""
    return ROOT if number == 0 else f"{ROOT}{number + 1}"


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu đo hiệu năng: 1.000 đơn vị, 60 chỉ số, 12 kỳ báo cáo đã tiếp nhận "
        "(nhiều đơn vị hơn: nhiều tỉnh, khoảng 1.000 đơn vị mỗi tỉnh)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=1000)
        parser.add_argument("--indicators", type=int, default=60)
        parser.add_argument("--periods", type=int, default=12)
        parser.add_argument(
            "--provinces",
            type=int,
            default=None,
            help="số tỉnh (mặc định: 1 tỉnh mỗi 1.000 đơn vị)",
        )

    @transaction.atomic
    def handle(
        self, *args: Any, units: int, indicators: int, periods: int, provinces: int | None,
        **options: Any,
    ) -> None:  # fmt: skip
        if Unit.objects.filter(code=ROOT).exists():
            self.stdout.write("Dữ liệu đo hiệu năng đã có.")
            return
        rng = random.Random(1000)
        count = max(1, provinces or round(units / 1000))
        catalogue = [
            Indicator(code=f"{ROOT}_{i}", name=f"Chỉ số thử {i}", kind=("ratio", "count", "boolean")[i % 3],
                      **({"numerator_label": "Tử số", "denominator_label": "Mẫu số"} if i % 3 == 0 else {}))
            for i in range(indicators)
        ]  # fmt: skip
        Indicator.objects.bulk_create(catalogue)
        catalogue = list(Indicator.objects.filter(code__startswith=f"{ROOT}_").order_by("pk"))
        directives = []
        for number in range(count):
            share = units // count + (units % count if number == 0 else 0)
            directives.append(self._province(province_code(number), number, share, catalogue))
        now = timezone.now()
        for month in range(1, periods + 1):
            period = period_open(kind="month", year=2025, number=month)
            made = 0
            for directive, reporting in directives:
                Submission.objects.bulk_create([
                    Submission(unit_id=u, period=period, directive=directive, status="accepted",
                               version=2, submitted_at=now, is_late=rng.random() < 0.1,
                               reviewed_at=now)
                    for u in reporting
                ], batch_size=BATCH)  # fmt: skip
                submissions = Submission.objects.filter(period=period, directive=directive)
                ids = submissions.order_by("pk").values_list("pk", flat=True)
                for chunk in _chunks(_values(iter(list(ids)), catalogue, rng), BATCH):
                    IndicatorValue.objects.bulk_create(chunk)
                    made += len(chunk)
            self.stdout.write(
                f"Tháng {month}/2025: {sum(len(r) for _, r in directives)} báo cáo, {made} số liệu"
            )
        Period.objects.filter(kind="month", year=2025).update(status="closed")

    def _province(
        self, code: str, number: int, size: int, catalogue: list[Indicator]
    ) -> tuple[Directive, list[int]]:
        """A province of `size` units (root, DIC, departments, districts, communes) and its
        plan with a target per indicator; the plan and the ids of the units that report."""
        level = {lv.code: lv for lv in Level.objects.all()}
        name = "Thử Tải" if number == 0 else f"Thử Tải {number + 1}"
        root = Unit.objects.create(code=code, name=f"UBND tỉnh {name}", level=level["province"])
        dic = Unit.objects.create(code=f"{code}-STTTT", name=f"Sở TT&TT ({name})", parent=root,
                                  level=level["department"])  # fmt: skip
        rest = size - 2
        departments = [
            Unit(code=f"{code}-S{i:02d}", name=f"Sở thử {i} ({name})", parent=root,
                 level=level["department"], search_text=f"{code}-s{i:02d}".lower())
            for i in range(min(38, rest // 10))
        ]  # fmt: skip
        districts = [
            Unit(code=f"{code}-H{i:02d}", name=f"Huyện thử {i} ({name})", parent=root,
                 level=level["district"], search_text=f"{code}-h{i:02d}".lower())
            for i in range(20)
        ]  # fmt: skip
        Unit.objects.bulk_create(departments + districts)
        districts = list(Unit.objects.filter(code__startswith=f"{code}-H").order_by("code"))
        communes = [
            Unit(code=f"{code}-X{i:04d}", name=f"Xã thử {i} ({name})" if number else f"Xã thử {i}",
                 parent=districts[i % len(districts)], level=level["commune"],
                 search_text=f"xa thu {i}")
            for i in range(rest - len(departments) - len(districts))
        ]  # fmt: skip
        Unit.objects.bulk_create(communes, batch_size=BATCH)
        directive = Directive.objects.create(
            code=f"{code}-KH", kind="plan", title=f"Kế hoạch thử tải ({name})",
            issuer=f"UBND tỉnh {name}", issued_on=datetime.date(2024, 12, 1),
            effective_from=datetime.date(2024, 12, 1), reporting=["month"], report_to=dic,
        )  # fmt: skip
        task = Task.objects.create(directive=directive, number="1", title="Nhiệm vụ thử tải")
        TaskAssignee.objects.bulk_create(
            [TaskAssignee(task=task, role="lead", level=level[lv]) for lv in LEVELS]
        )
        targets = Target.objects.bulk_create([
            Target(task=task, indicator=indicator, op=">=",
                   value=Decimal(1 if indicator.kind == "boolean" else 80),
                   judge="each_unit" if indicator.kind == "boolean" else "pooled", position=i,
                   due_on=datetime.date(2025, 12, 31))
            for i, indicator in enumerate(catalogue)
        ])  # fmt: skip
        targets = Target.objects.filter(task=task).order_by("position")
        TargetScope.objects.bulk_create(
            [TargetScope(target=t, level=level[lv]) for t in targets for lv in LEVELS]
        )
        reporting = (
            Unit.objects.filter(parent__isnull=False, code__startswith=f"{code}-")
            .exclude(pk=dic.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return directive, list(reporting)


LEVELS = ("department", "district", "commune")


def _values(
    submission_ids: Iterator[int], catalogue: list[Indicator], rng: random.Random
) -> Iterator[IndicatorValue]:
    for submission_id in submission_ids:
        for indicator in catalogue:
            if indicator.kind == "ratio":
                den = rng.randint(10, 300)
                num = rng.randint(den // 2, den)
                yield IndicatorValue(submission_id=submission_id, indicator=indicator,
                                     numerator=num, denominator=den, value=Decimal(100 * num) / den)  # fmt: skip
            else:
                high = 3 if indicator.kind == "count" else 1
                yield IndicatorValue(submission_id=submission_id, indicator=indicator,
                                     value=Decimal(rng.randint(0, high)))  # fmt: skip


def _chunks(rows: Iterator[IndicatorValue], size: int) -> Iterator[list[IndicatorValue]]:
    chunk: list[IndicatorValue] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
