from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from config.errors import ImportRejected
from config.management_errors import rejected_as_command_error
from directives.services import directive_import


class Command(BaseCommand):
    help = "Nạp hoặc cập nhật một văn bản chỉ đạo từ tệp YAML (chitieu/directive@1), tất cả hoặc không gì cả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", type=Path, nargs="+")

    def handle(self, *args, files: list[Path], **options) -> None:  # type: ignore[no-untyped-def]
        for file in files:
            try:
                data = file.read_bytes()
            except OSError as error:
                raise CommandError(
                    _("Không đọc được tệp %(file)s: %(error)s")
                    % {"file": file, "error": error.strerror}
                ) from None
            try:
                result = directive_import(data=data)
            except ImportRejected as error:
                raise rejected_as_command_error(error, str(file)) from None
            summary = str(result) if result.changed else _("không có thay đổi")
            self.stdout.write(self.style.SUCCESS(f"{file}: {result.directive.code} — {summary}"))
