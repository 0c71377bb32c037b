from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from config.commands import read_bytes, rejected_as_command_error
from config.errors import ImportRejected
from units.changes import unit_changes_import


class Command(BaseCommand):
    help = (
        "Áp dụng tệp thay đổi đơn vị (chitieu/unit-changes@1: đổi tên, chuyển, sáp nhập, chia "
        "tách, giải thể), tất cả hoặc không gì cả; nạp lại cùng tệp không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            summary = unit_changes_import(data=read_bytes(file))
        except ImportRejected as error:
            raise rejected_as_command_error(error, str(file)) from None
        self.stdout.write(self.style.SUCCESS(f"{file}: {summary}"))
