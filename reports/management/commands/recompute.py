from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directives.models import Directive
from reports.compliance.services import compliance_pairs, compliance_recompute
from reports.periods.models import Period


class Command(BaseCommand):
    help = (
        "Tính lại số liệu tổng hợp (chính thức và tạm tính) cho một văn bản, một kỳ, hoặc tất cả."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directive", help="Số, ký hiệu của văn bản")
        parser.add_argument("--period", type=int, help="Mã (id) của kỳ báo cáo")

    def handle(self, *args: Any, directive: str | None, period: int | None, **options: Any) -> None:
        pairs = compliance_pairs()
        if directive:
            if not Directive.objects.filter(code=directive).exists():
                raise CommandError(f"Không có văn bản {directive!r}.")
            pairs = [(d, p) for d, p in pairs if d.code == directive]
        if period is not None:
            if not Period.objects.filter(pk=period).exists():
                raise CommandError(f"Không có kỳ báo cáo mã {period}.")
            pairs = [(d, p) for d, p in pairs if p.pk == period]
        started = time.perf_counter()
        for item_directive, item_period in pairs:
            compliance_recompute(directive=item_directive, period=item_period)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Đã tính lại {len(pairs)} cặp văn bản × kỳ trong {elapsed:.2f} s.")
        )
