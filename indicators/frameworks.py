"""Read and check an index framework file (format chitieu/index-framework@1) without writing.

All-or-nothing like the directive file: every problem is collected with its path (e.g.
`pillars[0].components[1].criteria[2].weight`) and line, and the file is refused as a whole.
The format is documented in docs/index-framework.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from config.errors import ImportRejected
from config.yamlfile import Path, YamlChecker, load_with_lines
from indicators.models import Indicator
from units.models import Level

FORMAT = "chitieu/index-framework@1"
HUNDRED = Decimal(100)
_TOP = {"format": True, "framework": True, "edition": True, "pillars": True}
_FRAMEWORK = {"code": True, "name": True}
_EDITION = {
    "year": True, "legal_basis": True, "max_score": True, "published": False,
    "scored_levels": False,
}  # fmt: skip
_NODE = {"code": True, "name": True, "weight": True}
# Each level and the key holding its children.
_LEVELS = [("pillar", "components"), ("component", "criteria"), ("criterion", None)]


@dataclass
class NodeSpec:
    level: str
    code: str
    name: str
    weight: Decimal
    max_score: Decimal
    indicator: str = ""
    scoring: dict[str, Any] = field(default_factory=dict)
    children: list[NodeSpec] = field(default_factory=list)


@dataclass
class FrameworkSpec:
    code: str
    name: str
    year: int
    legal_basis: str
    max_score: Decimal
    published: bool
    pillars: list[NodeSpec]
    scored_levels: list[str] = field(default_factory=list)

    def walk(self) -> list[tuple[NodeSpec, NodeSpec | None]]:
        """Every node with its parent, parents first, in file order."""
        found: list[tuple[NodeSpec, NodeSpec | None]] = []
        stack: list[tuple[NodeSpec, NodeSpec | None]] = [(n, None) for n in self.pillars][::-1]
        while stack:
            node, parent = stack.pop()
            found.append((node, parent))
            stack += [(child, node) for child in node.children][::-1]
        return found


class FrameworkChecker(YamlChecker):
    """The index files' reading of values: codes taken as written, bounded decimal numbers."""

    def mapping(self, value: Any, path: Path, keys: dict[str, bool]) -> dict[str, Any]:
        return super().mapping(value, path, keys) or {}

    def text(
        self, value: Any, path: Path, *, max_length: int = 500, allow_number: bool = True
    ) -> str:
        # Codes such as `1` are read by YAML as numbers: taken as written.
        return super().text(value, path, max_length=max_length, allow_number=allow_number)

    def number(self, value: Any, path: Path, *, positive: bool = False) -> Decimal | None:
        return super().number(value, path, below=Decimal(10) ** 7, positive=positive,
                              required=False)  # fmt: skip


class _Checker(FrameworkChecker):
    def __init__(self, lines: dict[Path, int]) -> None:
        super().__init__(lines)
        self.codes: set[str] = set()
        self.indicators = set(Indicator.objects.values_list("code", flat=True))
        self.levels = set(Level.objects.values_list("code", flat=True))

    def document(self, data: Any) -> FrameworkSpec | None:
        top = self.mapping(data, (), _TOP)
        if top.get("format") is not None and top["format"] != FORMAT:
            self.problem(("format",), _("định dạng phải là %(format)r") % {"format": FORMAT})
        framework = self.mapping(top.get("framework"), ("framework",), _FRAMEWORK)
        edition = self.mapping(top.get("edition"), ("edition",), _EDITION)
        year = edition.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
            self.problem(("edition", "year"), _("năm phải là số nguyên từ 1990 đến 2100"))
            year = None
        published = edition.get("published", False)
        if not isinstance(published, bool):
            self.problem(("edition", "published"), _("phải là true hoặc false"))
        max_score = self.number(edition.get("max_score"), ("edition", "max_score"), positive=True)
        spec = FrameworkSpec(
            code=self.text(framework.get("code"), ("framework", "code"), max_length=32),
            name=self.text(framework.get("name"), ("framework", "name"), max_length=255),
            year=year or 0,
            legal_basis=self.text(
                edition.get("legal_basis"), ("edition", "legal_basis"), max_length=5000
            ),
            max_score=max_score or Decimal(0),
            published=published is True,
            pillars=self.nodes(top.get("pillars"), ("pillars",), 0, max_score),
            scored_levels=self.scored_levels(edition.get("scored_levels")),
        )
        return None if self.problems else spec

    def scored_levels(self, value: Any) -> list[str]:
        """The unit levels the edition also scores: codes of the portal's levels, once each."""
        path: Path = ("edition", "scored_levels")
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, _("phải là một danh sách mã cấp đơn vị"))
            return []
        found: list[str] = []
        for index, item in enumerate(value):
            code = self.text(item, (*path, index), max_length=32)
            if code and code not in self.levels:
                self.problem((*path, index), _("không có cấp đơn vị %(code)r") % {"code": code})
            elif code == "province":
                self.problem((*path, index), _("cấp tỉnh luôn được chấm, không cần ghi"))
            elif code in found:
                self.problem((*path, index), _("cấp %(code)r bị trùng") % {"code": code})
            elif code:
                found.append(code)
        return found

    def nodes(
        self, value: Any, path: Path, depth: int, parent_max: Decimal | None
    ) -> list[NodeSpec]:
        level, children_key = _LEVELS[depth]
        if not isinstance(value, list) or not value:
            self.problem(path, _("phải là một danh sách không rỗng"))
            return []
        keys = dict(_NODE)
        if children_key:
            keys[children_key] = True
        else:
            keys.update(indicator=False, scoring=False)
        found, total = [], Decimal(0)
        for index, item in enumerate(value):
            at = (*path, index)
            raw = self.mapping(item, at, keys)
            code = self.text(raw.get("code"), (*at, "code"), max_length=32)
            if code and code in self.codes:
                self.problem((*at, "code"), _("mã %(code)r bị trùng") % {"code": code})
            self.codes.add(code)
            weight = self.number(raw.get("weight"), (*at, "weight"), positive=True)
            total += weight or 0
            own_max = parent_max * weight / HUNDRED if parent_max and weight else None
            node = NodeSpec(
                level=level, code=code, name=self.text(raw.get("name"), (*at, "name")),
                weight=weight or Decimal(0), max_score=own_max or Decimal(0),
            )  # fmt: skip
            if children_key:
                node.children = self.nodes(raw.get(children_key), (*at, children_key),
                                           depth + 1, own_max)  # fmt: skip
            else:
                self.criterion(node, raw, at)
            found.append(node)
        if total != HUNDRED:
            self.problem(path, _("tổng trọng số là %(total)s, phải bằng 100") % {"total": total})
        return found

    def criterion(self, node: NodeSpec, raw: dict[str, Any], at: Path) -> None:
        code, scoring = raw.get("indicator"), raw.get("scoring")
        if code is None:
            if scoring is not None:
                self.problem((*at, "scoring"), _("chỉ dùng cùng với indicator"))
            return
        node.indicator = self.text(code, (*at, "indicator"), max_length=64)
        if node.indicator and node.indicator not in self.indicators:
            self.problem(
                (*at, "indicator"), _("không có chỉ số %(code)r") % {"code": node.indicator}
            )
        node.scoring = self.scoring(scoring, (*at, "scoring"))

    def scoring(self, value: Any, path: Path) -> dict[str, Any]:
        """{"linear": {"from": a, "to": b}} or {"thresholds": [[value, share %], …]}."""
        if not isinstance(value, dict) or len(value) != 1:
            self.problem(path, _("phải có đúng một cách chấm: linear hoặc thresholds"))
            return {}
        if "linear" in value:
            raw = self.mapping(value["linear"], (*path, "linear"), {"from": True, "to": True})
            low = self.number(raw.get("from"), (*path, "linear", "from"))
            high = self.number(raw.get("to"), (*path, "linear", "to"))
            if low is not None and high is not None and low == high:
                self.problem((*path, "linear"), _("from và to phải khác nhau"))
            return {"linear": {"from": str(low), "to": str(high)}}
        if "thresholds" in value:
            steps = value["thresholds"]
            if not isinstance(steps, list) or not steps:
                self.problem((*path, "thresholds"), _("phải là một danh sách không rỗng"))
                return {}
            found = []
            for index, step in enumerate(steps):
                at = (*path, "thresholds", index)
                if not isinstance(step, list) or len(step) != 2:
                    self.problem(at, _("mỗi bậc là [giá trị, phần trăm điểm]"))
                    continue
                bound, share = self.number(step[0], at), self.number(step[1], at)
                if share is not None and not 0 <= share <= HUNDRED:
                    self.problem(at, _("phần trăm điểm phải từ 0 đến 100"))
                found.append([str(bound), str(share)])
            return {"thresholds": found}
        self.problem(path, _("phải có đúng một cách chấm: linear hoặc thresholds"))
        return {}


def parse_framework_yaml(text: str) -> FrameworkSpec:
    """The checked framework, or ImportRejected listing every problem with path and line."""
    data, lines, problems = load_with_lines(text)
    checker = _Checker(lines)
    checker.problems += problems
    spec = checker.document(data)
    if spec is None or checker.problems:
        raise ImportRejected(checker.problems)
    return spec
