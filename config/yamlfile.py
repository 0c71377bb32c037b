"""Safe YAML with the line of every key and list item, and a checker that collects problems.

Shared by the import files of the apps (the directive file, the unit-changes file, the index
frameworks): every problem is reported with its path (e.g. `changes[3].into`) and line, so an
officer fixes the whole file in one go.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.utils.translation import gettext as _

from config.errors import ImportRejected, Problem
from config.text import control_character

Path = tuple[str | int, ...]
# Only the plain ISO form: Python also reads "20250701" or "2025-W27-2", which no officer means.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or _("tệp")


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so an impossible date becomes a located problem."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_with_lines(text: str) -> tuple[Any, dict[Path, int], list[Problem]]:
    """The YAML document, the line of every key and list item, and duplicate-key problems."""
    try:
        loader = _Loader(text)  # checks every character first: a control character stops it here
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        message = _("có ký tự điều khiển %(char)s; hãy xóa ký tự này") % {
            "char": f"U+{error.character:04X}"
        }
        raise ImportRejected([Problem(_("tệp"), message, line)]) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ImportRejected(
            [
                Problem(
                    _("tệp"),
                    _("YAML không hợp lệ: %(problem)s") % {"problem": problem},
                    mark.line + 1 if mark else None,
                )
            ]
        ) from None
    lines: dict[Path, int] = {(): 1}
    problems: list[Problem] = []
    visited: set[int] = set()

    def walk(current: yaml.Node, path: Path) -> None:
        # An alias reuses its anchor's node: record each node once, so an alias that refers to
        # itself ends, and a "billion laughs" file costs no more than its own length.
        if id(current) in visited:
            return
        visited.add(id(current))
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                key = str(key_node.value)
                child = (*path, key)
                lines[child] = key_node.start_mark.line + 1
                if key in seen:
                    problems.append(Problem(format_path(child), _("khóa bị lặp"), lines[child]))
                seen.add(key)
                walk(value_node, child)
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                lines[(*path, index)] = item.start_mark.line + 1
                walk(item, (*path, index))

    if node is not None:
        walk(node, ())
    return data, lines, problems


class YamlChecker:
    """Reads values of a parsed document by path, collecting every problem with its line."""

    def __init__(self, lines: dict[Path, int]) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def line_of(self, path: Path) -> int | None:
        line, probe = None, path
        while line is None and probe is not None:
            line = self.lines.get(probe)
            probe = probe[:-1] if probe else None
        return line

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(format_path(path), message, self.line_of(path)))

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
        """`allow_number`: a code or number such as `1` that YAML reads as a number is taken as
        written; a `1.10` it reads as 1.1 is refused (the document's numbering is lost)."""
        if value is None:
            return ""
        if allow_number and isinstance(value, float):
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
        if isinstance(value, str) and ISO_DATE.match(value.strip()):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(
            path, _("ngày không hợp lệ %(value)r; dùng dạng YYYY-MM-DD") % {"value": value}
        )
        return None

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

    def number(
        self, value: Any, path: Path, *, decimals: int = 4, below: Decimal = Decimal(10) ** 15,
        positive: bool = False, required: bool = True,
    ) -> Decimal | None:  # fmt: skip
        """A finite number under `below` with at most `decimals` decimals, stored as entered
        or not at all: never silently rounded."""
        if value is None and not required:
            return None
        number = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite() or abs(number) >= below:
            self.problem(path, _("phải là một số"))
            return None
        if -number.as_tuple().exponent > decimals:
            self.problem(path, _("tối đa %(n)s chữ số thập phân") % {"n": decimals})
            return None
        if positive and number <= 0:
            self.problem(path, _("phải lớn hơn 0"))
            return None
        return number

    def boolean(self, value: Any, path: Path, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(path, _("phải là true hoặc false"))
            return default
        return value
