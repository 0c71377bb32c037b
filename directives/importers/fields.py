"""The typed checks every part of a directive file goes through (text, date, number, choice…)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from config.errors import Problem
from config.text import control_character
from directives.importers.schema import Path, format_path
from units.models import Level


class FieldChecker:
    """Checks one value's shape and type at a path, collecting located problems."""

    def __init__(self, lines: dict[Path, int]) -> None:
        self.lines = lines
        self.problems: list[Problem] = []
        self.levels = set(Level.objects.values_list("code", flat=True))

    def problem(self, path: Path, message: str) -> None:
        line, probe = None, path
        while line is None and probe is not None:
            line = self.lines.get(probe)
            probe = probe[:-1] if probe else None
        self.problems.append(Problem(format_path(path), message, line))

    # --- shapes -----------------------------------------------------------------------------
    def mapping(self, value: Any, path: Path, keys: dict[str, bool]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, _("phải là một bảng khóa: giá trị"))
            return None
        for key in value:
            if str(key) not in keys:
                self.problem(
                    (*path, str(key)),
                    _("khóa không hợp lệ %(key)r (cho phép: %(allowed)s)")
                    % {"key": key, "allowed": ", ".join(keys)},
                )
        for key, required in keys.items():
            if required and value.get(key) is None:
                self.problem((*path, key), _("thiếu khóa bắt buộc"))
        return {str(k): v for k, v in value.items()}

    def items(self, value: Any, path: Path, *, required: bool) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, _("phải là một danh sách"))
            return []
        if required and not value:
            self.problem(path, _("danh sách không được rỗng"))
        return value

    def text(
        self, value: Any, path: Path, *, max_length: int = 10_000, allow_number: bool = False
    ) -> str:
        if value is None:
            return ""
        if allow_number and isinstance(value, float):
            # YAML reads an unquoted 1.10 as the number 1.1: the document's numbering is lost.
            self.problem(path, _('số thứ tự có dấu chấm phải đặt trong dấu nháy, ví dụ "1.10"'))
            return ""
        if allow_number and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(path, _("phải là một chuỗi ký tự không rỗng"))
            return ""
        if len(value.strip()) > max_length:
            self.problem(path, _("dài quá %(max)s ký tự") % {"max": max_length})
        if char := control_character(value, multiline=True):
            self.problem(
                path, _("có ký tự điều khiển %(char)s; hãy xóa ký tự này") % {"char": char}
            )
        return value.strip()

    def date(self, value: Any, path: Path) -> datetime.date | None:
        if value is None:
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(
            path, _("ngày không hợp lệ %(value)r; dùng dạng YYYY-MM-DD") % {"value": value}
        )
        return None

    def number(self, value: Any, path: Path, *, decimals: int = 4) -> Decimal | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                number = None
            if number is not None and number.is_finite() and abs(number) < Decimal(10) ** 15:
                if -number.as_tuple().exponent > decimals:
                    # Stored as entered or not at all: never silently rounded.
                    self.problem(path, _("tối đa %(n)s chữ số thập phân") % {"n": decimals})
                    return None
                return number
        self.problem(path, _("phải là một số"))
        return None

    def boolean(self, value: Any, path: Path, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(path, _("phải là true hoặc false"))
            return default
        return value

    def choice(self, value: Any, path: Path, choices: list[str]) -> str:
        if value is None:
            return ""
        if value not in choices:
            self.problem(
                path,
                _("giá trị %(value)r không hợp lệ (cho phép: %(allowed)s)")
                % {"value": value, "allowed": ", ".join(choices)},
            )
            return ""
        return value

    # --- sections ---------------------------------------------------------------------------
