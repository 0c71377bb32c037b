from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from config.commands import read_bytes, rejected_as_command_error
from config.errors import ImportRejected
from units.services import units_import


class Command(BaseCommand):
    help = "Nạp hoặc cập nhật đơn vị từ tệp CSV (code,name,parent,level,kind), tất cả hoặc không gì cả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            summary = units_import(data=read_bytes(file))
        except ImportRejected as error:
            raise rejected_as_command_error(error, str(file)) from None
        self.stdout.write(self.style.SUCCESS(f"{file}: {summary}"))
