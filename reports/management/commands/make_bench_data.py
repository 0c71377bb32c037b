"""A province at benchmark scale: 1,000 units, 60 indicators, 12 monthly periods of accepted
reports (every unit reports every indicator in its scope). For bench/ scripts, not for demos."""

from __future__ import annotations

import datetime
import random
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


class Command(BaseCommand):
    help = "Tạo dữ liệu đo hiệu năng: 1.000 đơn vị, 60 chỉ số, 12 kỳ báo cáo đã tiếp nhận."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=1000)
        parser.add_argument("--indicators", type=int, default=60)
        parser.add_argument("--periods", type=int, default=12)

    @transaction.atomic
    def handle(self, *args: Any, units: int, indicators: int, periods: int, **options: Any) -> None:
        if Unit.objects.filter(code=ROOT).exists():
            self.stdout.write("Dữ liệu đo hiệu năng đã có.")
            return
        rng = random.Random(1000)
        level = {lv.code: lv for lv in Level.objects.all()}
        root = Unit.objects.create(code=ROOT, name="UBND tỉnh Thử Tải", level=level["province"])
        dic = Unit.objects.create(
            code=f"{ROOT}-STTTT", name="Sở TT&TT (thử tải)", parent=root, level=level["department"]
        )
        rest = units - 2
        departments = [
            Unit(
                code=f"{ROOT}-S{i:02d}", name=f"Sở thử {i}", parent=root, level=level["department"]
            )
            for i in range(min(38, rest // 10))
        ]
        districts = [
            Unit(
                code=f"{ROOT}-H{i:02d}", name=f"Huyện thử {i}", parent=root, level=level["district"]
            )
            for i in range(20)
        ]
        for unit in departments + districts:
            unit.search_text = unit.code.lower()
        Unit.objects.bulk_create(departments + districts)
        districts = list(Unit.objects.filter(code__startswith=f"{ROOT}-H"))
        communes = [
            Unit(code=f"{ROOT}-X{i:04d}", name=f"Xã thử {i}", parent=districts[i % len(districts)],
                 level=level["commune"], search_text=f"xa thu {i}")
            for i in range(rest - len(departments) - len(districts))
        ]  # fmt: skip
        Unit.objects.bulk_create(communes, batch_size=1000)
        directive = Directive.objects.create(
            code=f"{ROOT}-KH", kind="plan", title="Kế hoạch thử tải", issuer="UBND tỉnh Thử Tải",
            issued_on=datetime.date(2024, 12, 1), effective_from=datetime.date(2024, 12, 1),
            reporting=["month"], report_to=dic,
        )  # fmt: skip
        task = Task.objects.create(directive=directive, number="1", title="Nhiệm vụ thử tải")
        for lv in ("department", "district", "commune"):
            TaskAssignee.objects.create(task=task, role="lead", level=level[lv])
        catalogue = []
        for i in range(indicators):
            kind = ("ratio", "count", "boolean")[i % 3]
            labels = (
                {"numerator_label": "Tử số", "denominator_label": "Mẫu số"}
                if kind == "ratio"
                else {}
            )
            catalogue.append(
                Indicator.objects.create(
                    code=f"{ROOT}_{i}", name=f"Chỉ số thử {i}", kind=kind, **labels
                )
            )
            target = Target.objects.create(
                task=task, indicator=catalogue[-1], op=">=", value=Decimal(1 if kind == "boolean" else 80),
                judge="each_unit" if kind == "boolean" else "pooled", position=i,
                due_on=datetime.date(2025, 12, 31),
            )  # fmt: skip
            for lv in ("department", "district", "commune"):
                TargetScope.objects.create(target=target, level=level[lv])
        reporting = list(
            Unit.objects.filter(parent__isnull=False, code__startswith=f"{ROOT}-").exclude(
                pk=dic.pk
            )
        )
        now = timezone.now()
        for month in range(1, periods + 1):
            period = period_open(kind="month", year=2025, number=month)
            Submission.objects.bulk_create([
                Submission(unit=u, period=period, directive=directive, status="accepted", version=2,
                           submitted_at=now, is_late=rng.random() < 0.1, reviewed_at=now)
                for u in reporting
            ], batch_size=1000)  # fmt: skip
            submissions = Submission.objects.filter(period=period, directive=directive)
            values = []
            for submission in submissions.iterator():
                for indicator in catalogue:
                    if indicator.kind == "ratio":
                        den = rng.randint(10, 300)
                        num = rng.randint(den // 2, den)
                        values.append(
                            IndicatorValue(
                                submission=submission,
                                indicator=indicator,
                                numerator=num,
                                denominator=den,
                                value=Decimal(100 * num) / den,
                            )
                        )
                    else:
                        values.append(
                            IndicatorValue(
                                submission=submission,
                                indicator=indicator,
                                value=Decimal(
                                    rng.randint(0, 3)
                                    if indicator.kind == "count"
                                    else rng.randint(0, 1)
                                ),
                            )
                        )
            IndicatorValue.objects.bulk_create(values, batch_size=5000)
            self.stdout.write(
                f"Tháng {month}/2025: {len(reporting)} báo cáo, {len(values)} số liệu"
            )
        Period.objects.filter(kind="month", year=2025).update(status="closed")
