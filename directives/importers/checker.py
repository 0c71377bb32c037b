"""The checks of a directive file's content: the directive, its indicators, tasks and targets."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from config.errors import ImportRejected, decode_utf8
from config.yamlfile import Path, load_with_lines
from directives.importers.fields import FieldChecker
from directives.importers.schema import (
    DIRECTIVE_KEYS,
    FORMAT,
    INDICATOR_CODE,
    INDICATOR_KEYS,
    TARGET_KEYS,
    TASK_KEYS,
    TOP_KEYS,
    DirectiveSpec,
    IndicatorSpec,
    Selector,
    TargetSpec,
    TaskSpec,
)
from directives.models import Directive, PeriodKind, Target
from indicators.models import Indicator
from units.models import Unit
from units.permissions import root_id_of


class _Checker(FieldChecker):
    """Walks the parsed document, building specs and collecting problems."""

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
            effective_from=effective_from,
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
                if code and not INDICATOR_CODE.match(code):
                    # Checked before the lookup: PostgreSQL refuses a NUL in a query's text.
                    self.problem(path, _(
                        "mã chỉ số chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới"))  # fmt: skip
                elif code and not Indicator.objects.filter(code=code).exists():
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
    document, lines, problems = load_with_lines(data_text)
    checker = _Checker(lines)
    checker.problems.extend(problems)
    spec = checker.document(document)
    if checker.problems or spec is None:
        raise ImportRejected(sorted(checker.problems, key=lambda p: (p.line or 0, p.path)))
    return spec
