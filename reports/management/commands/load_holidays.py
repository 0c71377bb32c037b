from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.errors import decode_utf8
from reports.periods.models import Holiday


class Command(BaseCommand):
    help = "Nạp lịch ngày nghỉ, ngày làm bù từ tệp CSV (date,kind,name); ngày đã có thì cập nhật."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        rows, problems = [], []
        for line, row in enumerate(
            csv.DictReader(io.StringIO(decode_utf8(file.read_bytes()))), start=2
        ):
            try:
                day = datetime.date.fromisoformat(row["date"])
            except (KeyError, TypeError, ValueError):
                problems.append(_("dòng %(line)s: ngày không hợp lệ") % {"line": line})
                continue
            if row.get("kind") not in Holiday.Kind.values or not (row.get("name") or "").strip():
                problems.append(_("dòng %(line)s: loại hoặc tên không hợp lệ") % {"line": line})
                continue
            rows.append((day, row["kind"], row["name"].strip()))
        if problems:
            raise CommandError("\n".join(problems))
        with transaction.atomic():
            for day, kind, name in rows:
                Holiday.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(n)s ngày đã nạp từ %(file)s", "%(n)s ngày đã nạp từ %(file)s", len(rows)
                )
                % {"n": len(rows), "file": file}
            )
        )
