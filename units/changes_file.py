"""Parse and check a unit-changes file (format chitieu/unit-changes@1) without writing anything.

What can be told from the file and the unit codes is checked here: its shape, dates, legal
documents, unknown units, a merge of one unit, a cycle of successors. What depends on the
tree on each change's date (a unit closed or not yet created, children left without a parent)
is the services' to refuse, when the changes are applied in order (see units/changes.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from config.errors import ImportRejected, decode_utf8
from config.yamlfile import Path, YamlChecker, format_path, load_with_lines
from units.models import Unit

FORMAT = "chitieu/unit-changes@1"
TOP_KEYS = {"format": True, "changes": True}
COMMON_KEYS = {"date": True, "kind": True, "document": True}
KIND_KEYS: dict[str, dict[str, bool]] = {
    "rename": {"unit": True, "name": True},
    "transfer": {"unit": True, "parent": True},
    "merge": {"from": True, "into": True},
    "split": {"from": True, "into": True, "primary": False},
    "abolish": {"unit": True, "successor": False},
}
ALL_KEYS = {**COMMON_KEYS, **{k: False for keys in KIND_KEYS.values() for k in keys}}


@dataclass(frozen=True)
class ChangeSpec:
    """One change of the file, its units named by code."""

    index: int
    line: int | None
    date: datetime.date
    kind: str
    document: str
    units: tuple[str, ...]  # the units changed: `unit`, or a merge's or split's `from`
    into: tuple[str, ...] = ()  # a merge's `into` (one), a split's `into` (two or more)
    name: str = ""  # rename
    parent: str = ""  # transfer
    successor: str = ""  # where the figures go: a merge's `into`, a split's `primary`, …

    @property
    def path(self) -> str:
        return format_path(("changes", self.index))

    def codes(self) -> set[str]:
        return {*self.units, *self.into, *filter(None, (self.parent, self.successor))}


def parse_unit_changes(data: bytes) -> list[ChangeSpec]:
    """The changes in file order, or ImportRejected listing every problem found."""
    document, lines, problems = load_with_lines(decode_utf8(data))
    checker = _Checker(lines)
    checker.problems.extend(problems)
    specs = checker.document(document)
    if checker.problems:
        raise ImportRejected(sorted(checker.problems, key=lambda p: p.line or 0))
    return specs


class _Checker(YamlChecker):
    def document(self, data: Any) -> list[ChangeSpec]:
        top = self.mapping(data, (), TOP_KEYS)
        if top is None:
            return []
        if top.get("format") is not None and top["format"] != FORMAT:
            self.problem(("format",), _("định dạng phải là %(format)r") % {"format": FORMAT})
        specs = []
        for index, item in enumerate(self.items(top.get("changes"), ("changes",), required=True)):
            spec = self.change(item, ("changes", index))
            if spec is not None:
                specs.append(spec)
        self.known_units(specs)
        self.successor_cycles(specs)
        return specs

    def code(self, value: Any, path: Path) -> str:
        return self.text(value, path, max_length=64)

    def codes(self, value: Any, path: Path, *, at_least: int) -> tuple[str, ...]:
        items = self.items(value, path, required=True)
        codes = [self.code(item, (*path, i)) for i, item in enumerate(items)]
        if len(set(codes)) != len(codes):
            self.problem(path, _("có đơn vị bị lặp"))
        elif isinstance(value, list) and len(codes) < at_least:
            self.problem(path, _("cần ít nhất %(n)s đơn vị") % {"n": at_least})
        return tuple(c for c in codes if c)

    def change(self, item: Any, path: Path) -> ChangeSpec | None:
        kind = (
            self.choice(item.get("kind"), (*path, "kind"), list(KIND_KEYS))
            if isinstance(item, dict)
            else ""
        )
        block = self.mapping(item, path, {**COMMON_KEYS, **KIND_KEYS[kind]} if kind else ALL_KEYS)
        if block is None:
            return None
        p = lambda key: (*path, key)  # noqa: E731
        date = self.date(block.get("date"), p("date"))
        document = self.text(block.get("document"), p("document"), max_length=255)
        before = len(self.problems)
        spec = self.kind_fields(kind, block, p) if kind else None
        if spec is None or date is None or not document or len(self.problems) > before:
            return None
        return ChangeSpec(
            index=path[-1],
            line=self.line_of(path),
            date=date,
            kind=kind,
            document=document,
            **spec,
        )

    def kind_fields(self, kind: str, block: dict[str, Any], p: Any) -> dict[str, Any] | None:
        if kind in {"rename", "transfer", "abolish"}:
            unit = self.code(block.get("unit"), p("unit"))
            fields: dict[str, Any] = {"units": (unit,)}
            if kind == "rename":
                fields["name"] = self.text(block.get("name"), p("name"), max_length=255)
            elif kind == "transfer":
                fields["parent"] = self.code(block.get("parent"), p("parent"))
                if fields["parent"] == unit:
                    self.problem(p("parent"), _("đơn vị không thể là cấp trên của chính nó"))
            else:
                fields["successor"] = self.code(block.get("successor"), p("successor"))
                if fields["successor"] and fields["successor"] == unit:
                    self.problem(p("successor"), _("đơn vị không thể tự kế thừa chính nó"))
            return fields
        if kind == "merge":
            units = self.codes(block.get("from"), p("from"), at_least=2)
            into = self.code(block.get("into"), p("into"))
            return {"units": units, "into": (into,), "successor": into}
        units = (self.code(block.get("from"), p("from")),)
        into = self.codes(block.get("into"), p("into"), at_least=2)
        if units[0] in into:
            self.problem(p("into"), _("đơn vị mới phải khác đơn vị bị chia tách"))
        primary = self.code(block.get("primary"), p("primary"))
        if primary and primary not in into:
            self.problem(p("primary"), _("đơn vị chính phải là một trong các đơn vị của into"))
        return {"units": units, "into": into, "successor": primary}

    def known_units(self, specs: list[ChangeSpec]) -> None:
        """Every code names a unit of the portal: new ones come from the units CSV first."""
        codes = set().union(*(spec.codes() for spec in specs)) if specs else set()
        known = set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))
        for spec in specs:
            for field, value in _code_fields(spec):
                if value not in known:
                    self.problem(
                        ("changes", spec.index, *field),
                        _(
                            "không có đơn vị mã %(code)r; đơn vị mới cần được nạp bằng tệp CSV "
                            "đơn vị trước"
                        )
                        % {"code": value},
                    )

    def successor_cycles(self, specs: list[ChangeSpec]) -> None:
        """A unit cannot, through the file's merges, splits and abolitions, succeed itself."""
        edges: dict[str, set[str]] = {}
        for spec in specs:
            targets = set(spec.into) | ({spec.successor} if spec.successor else set())
            for unit in spec.units:
                edges.setdefault(unit, set()).update(targets - {unit})
        in_cycle = _units_in_cycles(edges)
        for spec in specs:
            if in_cycle & set(spec.units) and in_cycle & (set(spec.into) | {spec.successor}):
                self.problem(
                    ("changes", spec.index),
                    _("vòng lặp đơn vị kế thừa: %(codes)s kế thừa lẫn nhau")
                    % {"codes": ", ".join(sorted(in_cycle & spec.codes()))},
                )


def _code_fields(spec: ChangeSpec) -> list[tuple[Path, str]]:
    """(path under the change, code) of every unit the change names, as the file names it."""
    if spec.kind == "merge":
        fields: list[tuple[Path, str]] = [(("from", i), c) for i, c in enumerate(spec.units)]
        return [*fields, (("into",), spec.into[0])]
    if spec.kind == "split":
        fields = [(("from",), spec.units[0])]
        fields += [(("into", i), c) for i, c in enumerate(spec.into)]
        return fields + ([(("primary",), spec.successor)] if spec.successor else [])
    fields = [(("unit",), spec.units[0])]
    if spec.parent:
        fields.append((("parent",), spec.parent))
    if spec.successor:
        fields.append((("successor",), spec.successor))
    return fields


def _units_in_cycles(edges: dict[str, set[str]]) -> set[str]:
    """Nodes of the graph that can reach themselves."""
    found: set[str] = set()
    for start in edges:
        stack, seen = list(edges[start]), set()
        while stack:
            node = stack.pop()
            if node == start:
                found.add(start)
                break
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
    return found
