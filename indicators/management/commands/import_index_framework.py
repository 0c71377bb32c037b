from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from config.commands import read_bytes, rejected_as_command_error
from config.errors import ImportRejected
from indicators.services import framework_import


class Command(BaseCommand):
    help = (
        "Nạp một phiên bản bộ chỉ số đánh giá (DTI, ICT Index, PAR Index…) từ tệp YAML "
        "(chitieu/index-framework@1), tất cả hoặc không gì cả."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", type=Path, nargs="+")

    def handle(self, *args: Any, files: list[Path], **options: Any) -> None:
        for file in files:
            try:
                edition = framework_import(data=read_bytes(file))
            except ImportRejected as error:
                raise rejected_as_command_error(error, str(file)) from None
            nodes = edition.nodes.count()
            self.stdout.write(self.style.SUCCESS(f"{file}: {edition} — {nodes} mục"))
