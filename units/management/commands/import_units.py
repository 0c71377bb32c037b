from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from config.errors import ImportRejected
from config.management_errors import rejected_as_command_error
from units.services import units_import


class Command(BaseCommand):
    help = "Nạp hoặc cập nhật đơn vị từ tệp CSV (code,name,parent,level,kind), tất cả hoặc không gì cả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:  # type: ignore[no-untyped-def]
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Không đọc được tệp %(file)s: %(error)s")
                % {"file": file, "error": error.strerror}
            ) from None
        try:
            summary = units_import(data=data)
        except ImportRejected as error:
            raise rejected_as_command_error(error, str(file)) from None
        self.stdout.write(self.style.SUCCESS(f"{file}: {summary}"))
