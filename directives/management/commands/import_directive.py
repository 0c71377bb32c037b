from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from config.commands import read_bytes, rejected_as_command_error
from config.errors import ImportRejected
from directives.services import directive_import


class Command(BaseCommand):
    help = "Nạp hoặc cập nhật văn bản chỉ đạo từ tệp YAML (chitieu/directive@1), tất cả hoặc không gì cả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", type=Path, nargs="+")

    def handle(self, *args: Any, files: list[Path], **options: Any) -> None:
        for file in files:
            try:
                result = directive_import(data=read_bytes(file))
            except ImportRejected as error:
                raise rejected_as_command_error(error, str(file)) from None
            summary = str(result) if result.changed else _("không có thay đổi")
            self.stdout.write(self.style.SUCCESS(f"{file}: {result.directive.code} — {summary}"))
