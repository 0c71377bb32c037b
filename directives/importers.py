"""Parse and check a directive file (format chitieu/directive@1) without writing anything.

Every problem is collected with its path (e.g. `tasks[3].targets[0].indicator`) and line, so
an officer can fix the whole file in one go.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.utils.translation import gettext as _

from config.errors import ImportRejected, Problem, decode_utf8
from config.text import control_character
from directives.models import Directive, PeriodKind, Target
from indicators.models import Indicator
from units.models import Level, Unit
from units.permissions import root_id_of

FORMAT = "chitieu/directive@1"
TOP_KEYS = {"format": True, "directive": True, "indicators": False, "tasks": True}
DIRECTIVE_KEYS = {
    "code": True,
    "kind": True,
    "title": True,
    "issuer": True,
    "issued_on": True,
    "effective_from": True,
    "effective_to": False,
    "reporting": True,
    "report_to": True,
    "due_working_days": False,
}
INDICATOR_KEYS = {
    "code": True,
    "name": True,
    "kind": True,
    "numerator": False,
    "denominator": False,
    "unit": False,
    "higher_is_better": False,
}
TASK_KEYS = {
    "number": True,
    "title": True,
    "lead": True,
    "support": False,
    "due": False,
    "targets": False,
}
TARGET_KEYS = {
    "indicator": True,
    "op": True,
    "value": True,
    "due": False,
    "scope": True,
    "judge": True,
    "units_share": False,
    "change_per_year": False,
}
INDICATOR_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Selector:
    """A named unit, or every unit of a level (`@district`)."""

    unit_code: str | None = None
    level_code: str | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    # None when the file lists a known indicator by code alone.
    name: str | None = None
    kind: str = ""
    numerator: str = ""
    denominator: str = ""
    unit: str = ""
    higher_is_better: bool = True


@dataclass(frozen=True)
class TargetSpec:
    indicator: str
    op: str
    value: Decimal
    due: datetime.date | None
    scope: tuple[Selector, ...]
    judge: str
    units_share: Decimal | None
    change_per_year: bool


@dataclass(frozen=True)
class TaskSpec:
    number: str
    title: str
    lead: tuple[Selector, ...]
    support: tuple[Selector, ...]
    due: datetime.date | None
    targets: tuple[TargetSpec, ...]


@dataclass
class DirectiveSpec:
    code: str
    kind: str
    title: str
    issuer: str
    issued_on: datetime.date
    effective_from: datetime.date
    effective_to: datetime.date | None
    reporting: list[str]
    report_to: str
    due_working_days: int | None
    indicators: list[IndicatorSpec] = field(default_factory=list)
    tasks: list[TaskSpec] = field(default_factory=list)


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or _("tệp")


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so an impossible date becomes a located problem."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _load_with_lines(text: str) -> tuple[Any, dict[Path, int], list[Problem]]:
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


class _Checker:
    """Walks the parsed document, building specs and collecting problems."""

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
                if -number.as_tuple().exponent > decimals:  # type: ignore[operator]
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
    def document(self, data: Any) -> DirectiveSpec | None:
        top = self.mapping(data, (), TOP_KEYS)
        if top is None:
            return None
        if top.get("format") is not None and top["format"] != FORMAT:
            self.problem(("format",), _("định dạng phải là %(format)r") % {"format": FORMAT})
        spec = self.directive(top.get("directive"))
        indicators = self.indicators(top.get("indicators"))
        known_units = self.unit_index(spec.report_to if spec else None)
        tasks = self.tasks(
            top.get("tasks"),
            {i.code: i for i in indicators},
            known_units,
            spec.issued_on if spec else None,
        )
        if spec is None:
            return None
        spec.indicators, spec.tasks = indicators, tasks
        return spec

    def directive(self, value: Any) -> DirectiveSpec | None:
        path: Path = ("directive",)
        block = self.mapping(value, path, DIRECTIVE_KEYS) if value is not None else None
        if block is None:
            return None
        p = lambda key: (*path, key)  # noqa: E731
        issued_on = self.date(block.get("issued_on"), p("issued_on"))
        effective_from = self.date(block.get("effective_from"), p("effective_from"))
        effective_to = self.date(block.get("effective_to"), p("effective_to"))
        if issued_on and effective_from and effective_from < issued_on:
            self.problem(p("effective_from"), _("ngày hiệu lực trước ngày ban hành"))
        if effective_from and effective_to and effective_to < effective_from:
            self.problem(p("effective_to"), _("ngày hết hiệu lực trước ngày có hiệu lực"))
        reporting = []
        for index, kind in enumerate(
            self.items(block.get("reporting"), p("reporting"), required=True)
        ):
            kind = self.choice(kind, (*p("reporting"), index), PeriodKind.values)
            if kind and kind in reporting:
                self.problem((*p("reporting"), index), _("kỳ báo cáo bị lặp"))
            elif kind:
                reporting.append(kind)
        due_days = block.get("due_working_days")
        if due_days is not None and (
            not isinstance(due_days, int) or isinstance(due_days, bool) or not 0 <= due_days <= 60
        ):
            self.problem(p("due_working_days"), _("phải là số nguyên từ 0 đến 60"))
            due_days = None
        report_to = self.text(block.get("report_to"), p("report_to"), max_length=64)
        if report_to and not Unit.objects.filter(code=report_to).exists():
            self.problem(p("report_to"), _("không có đơn vị mã %(code)r") % {"code": report_to})
            report_to = ""
        return DirectiveSpec(
            code=self.text(block.get("code"), p("code"), max_length=100),
            kind=self.choice(block.get("kind"), p("kind"), Directive.Kind.values),
            title=self.text(block.get("title"), p("title")),
            issuer=self.text(block.get("issuer"), p("issuer"), max_length=255),
            issued_on=issued_on,
            effective_from=effective_from,  # type: ignore[arg-type]
            effective_to=effective_to,
            reporting=reporting,
            report_to=report_to,
            due_working_days=due_days,
        )

    def indicators(self, value: Any) -> list[IndicatorSpec]:
        specs: list[IndicatorSpec] = []
        seen: set[str] = set()
        for index, item in enumerate(self.items(value, ("indicators",), required=False)):
            path: Path = ("indicators", index)
            if isinstance(item, str) or (isinstance(item, dict) and set(item) == {"code"}):
                code = self.text(
                    item if isinstance(item, str) else item["code"], path, max_length=64
                )
                if code and not Indicator.objects.filter(code=code).exists():
                    self.problem(
                        path,
                        _("chỉ số %(code)r chưa có trong danh mục; cần khai báo đầy đủ")
                        % {"code": code},
                    )
                spec = IndicatorSpec(code=code)
            else:
                spec = self.indicator(item, path)
                if spec is None:
                    continue
            if spec.code in seen:
                self.problem(
                    (*path, "code"), _("chỉ số %(code)r khai báo hai lần") % {"code": spec.code}
                )
            seen.add(spec.code)
            specs.append(spec)
        return specs

    def indicator(self, item: Any, path: Path) -> IndicatorSpec | None:
        block = self.mapping(item, path, INDICATOR_KEYS)
        if block is None:
            return None
        p = lambda key: (*path, key)  # noqa: E731
        code = self.text(block.get("code"), p("code"), max_length=64)
        if code and not INDICATOR_CODE.match(code):
            self.problem(
                p("code"), _("mã chỉ số chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới")
            )
        kind = self.choice(block.get("kind"), p("kind"), Indicator.Kind.values)
        numerator = self.text(block.get("numerator"), p("numerator"), max_length=255)
        denominator = self.text(block.get("denominator"), p("denominator"), max_length=255)
        if kind == Indicator.Kind.RATIO:
            if block.get("numerator") is None:
                self.problem(p("numerator"), _("chỉ số tỷ lệ phải có nhãn tử số (numerator)"))
            if block.get("denominator") is None:
                self.problem(p("denominator"), _("chỉ số tỷ lệ phải có nhãn mẫu số (denominator)"))
        elif kind and (numerator or denominator):
            self.problem(
                p("numerator" if numerator else "denominator"),
                _("chỉ số không phải tỷ lệ thì không có tử số, mẫu số"),
            )
        higher_default = kind != Indicator.Kind.RANK
        return IndicatorSpec(
            code=code,
            name=self.text(block.get("name"), p("name")),
            kind=kind,
            numerator=numerator,
            denominator=denominator,
            unit=self.text(block.get("unit"), p("unit"), max_length=50)
            if block.get("unit") is not None
            else "",
            higher_is_better=self.boolean(
                block.get("higher_is_better"), p("higher_is_better"), higher_default
            ),
        )

    def unit_index(self, report_to: str | None) -> dict[str, int] | None:
        """Unit codes of the directive's province (the root above `report_to`) -> root id."""
        if not report_to:
            return None
        root_id = root_id_of(Unit.objects.get(code=report_to))
        return dict(Unit.objects.descendants(root_id, include_self=True).values_list("code", "pk"))

    def selectors(
        self, value: Any, path: Path, known_units: dict[str, int] | None, *, required: bool
    ) -> tuple[Selector, ...]:
        found: list[Selector] = []
        for index, item in enumerate(self.items(value, path, required=required)):
            text = self.text(item, (*path, index), max_length=64)
            if not text:
                continue
            if text.startswith("@"):
                if text[1:] not in self.levels:
                    self.problem(
                        (*path, index),
                        _("cấp %(level)r không có (cho phép: %(allowed)s)")
                        % {
                            "level": text,
                            "allowed": ", ".join("@" + c for c in sorted(self.levels)),
                        },
                    )
                    continue
                selector = Selector(level_code=text[1:])
            else:
                exists_anywhere = Unit.objects.filter(code=text).exists()
                if known_units is None and not exists_anywhere:
                    self.problem((*path, index), _("không có đơn vị mã %(code)r") % {"code": text})
                    continue
                if known_units is not None and text not in known_units:
                    if exists_anywhere:
                        self.problem(
                            (*path, index),
                            _("đơn vị %(code)r thuộc tỉnh khác với đơn vị nhận báo cáo")
                            % {"code": text},
                        )
                    else:
                        self.problem(
                            (*path, index), _("không có đơn vị mã %(code)r") % {"code": text}
                        )
                    continue
                selector = Selector(unit_code=text)
            if selector in found:
                self.problem((*path, index), _("bị lặp"))
                continue
            found.append(selector)
        return tuple(found)

    def tasks(
        self,
        value: Any,
        indicators: dict[str, IndicatorSpec],
        known_units: dict[str, int] | None,
        issued_on: datetime.date | None,
    ) -> list[TaskSpec]:
        specs: list[TaskSpec] = []
        numbers: dict[str, int] = {}
        for index, item in enumerate(self.items(value, ("tasks",), required=True)):
            path: Path = ("tasks", index)
            block = self.mapping(item, path, TASK_KEYS)
            if block is None:
                continue
            p = lambda key, path=path: (*path, key)  # noqa: E731
            number = self.text(block.get("number"), p("number"), max_length=32, allow_number=True)
            if number in numbers:
                self.problem(
                    p("number"),
                    _("số thứ tự %(number)r trùng với tasks[%(other)s]")
                    % {"number": number, "other": numbers[number]},
                )
            numbers.setdefault(number, index)
            due = self.date(block.get("due"), p("due"))
            if due and issued_on and due < issued_on:
                self.problem(p("due"), _("thời hạn trước ngày ban hành văn bản"))
            targets = tuple(
                target
                for t_index, t_item in enumerate(
                    self.items(block.get("targets"), p("targets"), required=False)
                )
                if (
                    target := self.target(
                        t_item, (*path, "targets", t_index), indicators, known_units, issued_on
                    )
                )
            )
            specs.append(
                TaskSpec(
                    number=number,
                    title=self.text(block.get("title"), p("title")),
                    lead=self.selectors(block.get("lead"), p("lead"), known_units, required=True),
                    support=self.selectors(
                        block.get("support"), p("support"), known_units, required=False
                    ),
                    due=due,
                    targets=targets,
                )
            )
        return specs

    def target(
        self,
        item: Any,
        path: Path,
        indicators: dict[str, IndicatorSpec],
        known_units: dict[str, int] | None,
        issued_on: datetime.date | None,
    ) -> TargetSpec | None:
        block = self.mapping(item, path, TARGET_KEYS)
        if block is None:
            return None
        p = lambda key: (*path, key)  # noqa: E731
        code = self.text(block.get("indicator"), p("indicator"), max_length=64)
        if code and code not in indicators:
            self.problem(
                p("indicator"),
                _("mã chỉ số %(code)r chưa được khai báo trong mục indicators") % {"code": code},
            )
        kind = self._indicator_kind(indicators.get(code))
        value = (
            self.number(block.get("value"), p("value")) if block.get("value") is not None else None
        )
        if value is not None:
            self._check_target_value(kind, value, p("value"))
        judge = self.choice(block.get("judge"), p("judge"), Target.Judge.values)
        units_share = None
        if block.get("units_share") is not None:
            units_share = self.number(block.get("units_share"), p("units_share"), decimals=2)
            if judge == Target.Judge.POOLED:
                self.problem(p("units_share"), _("units_share chỉ dùng với judge: each_unit"))
            elif units_share is not None and not 0 <= units_share <= 100:
                self.problem(p("units_share"), _("phải từ 0 đến 100"))
        due = self.date(block.get("due"), p("due"))
        if due and issued_on and due < issued_on:
            self.problem(p("due"), _("thời hạn trước ngày ban hành văn bản"))
        op = self.choice(block.get("op"), p("op"), Target.Op.values)
        scope = self.selectors(block.get("scope"), p("scope"), known_units, required=True)
        change = self.boolean(block.get("change_per_year"), p("change_per_year"), False)
        if not (code and value is not None and op and judge and scope):
            return None
        return TargetSpec(code, op, value, due, scope, judge, units_share, change)

    def _indicator_kind(self, spec: IndicatorSpec | None) -> str:
        if spec is None:
            return ""
        if spec.name is not None:
            return spec.kind
        return Indicator.objects.filter(code=spec.code).values_list("kind", flat=True).first() or ""

    def _check_target_value(self, kind: str, value: Decimal, path: Path) -> None:
        if value < 0:
            self.problem(path, _("chỉ tiêu không được âm"))
        elif kind == Indicator.Kind.RATIO and value > 100:
            self.problem(path, _("chỉ tiêu tỷ lệ phải từ 0 đến 100 (%)"))
        elif kind == Indicator.Kind.BOOLEAN and value not in (0, 1):
            self.problem(path, _("chỉ tiêu có/không phải là 1 (có) hoặc 0 (không)"))
        elif kind == Indicator.Kind.RANK and value < 1:
            self.problem(path, _("thứ hạng phải từ 1 trở lên"))


def parse_directive_yaml(data: bytes) -> DirectiveSpec:
    """The checked directive, or ImportRejected listing every problem with path and line."""
    data_text = decode_utf8(data)
    document, lines, problems = _load_with_lines(data_text)
    checker = _Checker(lines)
    checker.problems.extend(problems)
    spec = checker.document(document)
    if checker.problems or spec is None:
        raise ImportRejected(sorted(checker.problems, key=lambda p: (p.line or 0, p.path)))
    return spec
