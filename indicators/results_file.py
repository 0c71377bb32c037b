"""Read and check an official results file (format chitieu/index-results@1) without writing.

The national ranking a ministry announces for an edition: each row a province's score and/or
rank, for the total or for one pillar or component. All-or-nothing like the framework file:
every problem is collected with its path and line. Documented in docs/index-framework.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from config.errors import ImportRejected
from config.vn import format_number
from config.yamlfile import Path, load_with_lines
from indicators.frameworks import FrameworkChecker
from indicators.models import IndexEdition, IndexNode
from units.models import Unit, User
from units.permissions import Action, allowed

FORMAT = "chitieu/index-results@1"
_TOP = {"format": True, "edition": True, "source": True, "results": True}
_EDITION = {"framework": True, "year": True}
_SOURCE = {"document": True, "date": True, "url": False}
_ROW = {"province": True, "node": False, "score": False, "rank": False}


@dataclass(frozen=True)
class ResultRow:
    province: Unit
    node: IndexNode | None  # None: the total
    score: Decimal | None
    rank: int | None


@dataclass(frozen=True)
class ResultsSpec:
    edition: IndexEdition
    source_document: str
    source_date: datetime.date
    source_url: str
    rows: list[ResultRow]


class _Checker(FrameworkChecker):
    def __init__(self, lines: dict[Path, int], by: User) -> None:
        super().__init__(lines)
        self.by = by

    def edition(self, value: Any) -> IndexEdition | None:
        raw = self.mapping(value, ("edition",), _EDITION)
        code = self.text(raw.get("framework"), ("edition", "framework"), max_length=32)
        year = raw.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            self.problem(("edition", "year"), _("năm phải là số nguyên"))
            return None
        if not code or year is None:
            return None
        found = IndexEdition.objects.filter(framework__code=code, year=year).first()
        if found is None:
            message = _("chưa nạp bộ chỉ số %(code)s năm %(year)s") % {"code": code, "year": year}
            self.problem(("edition",), message)
        return found

    def rank(self, value: Any, path: Path) -> int | None:
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.problem(path, _("thứ hạng phải là số nguyên từ 1 trở lên"))
            return None
        return value

    def row(
        self, value: Any, at: Path, edition: IndexEdition | None, provinces: dict[str, Unit],
        nodes: dict[str, IndexNode],
    ) -> ResultRow | None:  # fmt: skip
        raw = self.mapping(value, at, _ROW)
        code = self.text(raw.get("province"), (*at, "province"), max_length=64)
        province = provinces.get(code)
        if code and province is None:
            self.problem((*at, "province"), _("không có tỉnh mã %(code)r") % {"code": code})
        elif province is not None and not allowed(self.by, Action.EXTERNAL_FIGURE_ENTER, province):
            message = _("bạn không có quyền nhập kết quả của tỉnh %(code)s") % {"code": code}
            self.problem((*at, "province"), message)
        node_code = self.text(raw.get("node"), (*at, "node"), max_length=32)
        node = nodes.get(node_code) if node_code else None
        if node_code and edition is not None and node is None:
            message = _("phiên bản không có trụ cột hoặc chỉ số thành phần %(code)r")
            self.problem((*at, "node"), message % {"code": node_code})
        score = self.number(raw.get("score"), (*at, "score"))
        rank = self.rank(raw.get("rank"), (*at, "rank"))
        if raw.get("score") is None and raw.get("rank") is None:
            self.problem(at, _("hãy ghi điểm (score) hoặc thứ hạng (rank)"))
        maximum = node.max_score if node else (edition.max_score if edition else None)
        if score is not None and maximum is not None and not 0 <= score <= maximum:
            message = _("điểm phải từ 0 đến %(max)s") % {"max": format_number(maximum, 4)}
            self.problem((*at, "score"), message)
        if province is None or (node_code and node is None):
            return None
        return ResultRow(province, node, score, rank)

    def document(self, data: Any) -> ResultsSpec | None:
        top = self.mapping(data, (), _TOP)
        if top.get("format") is not None and top["format"] != FORMAT:
            self.problem(("format",), _("định dạng phải là %(format)r") % {"format": FORMAT})
        edition = self.edition(top.get("edition"))
        source = self.mapping(top.get("source"), ("source",), _SOURCE)
        document = self.text(source.get("document"), ("source", "document"), max_length=500)
        day = self.date(source.get("date"), ("source", "date"))
        url = self.text(source.get("url"), ("source", "url"), max_length=500)
        if url and not url.startswith(("https://", "http://")):
            self.problem(("source", "url"), _("đường dẫn phải bắt đầu bằng https:// hoặc http://"))
        items = self.items(top.get("results"), ("results",), required=True)
        codes = [r.get("province") for r in items if isinstance(r, dict)]
        provinces = {u.code: u for u in Unit.objects.filter(code__in=[str(c) for c in codes],
                                                             parent__isnull=True)}  # fmt: skip
        nodes = {}
        if edition is not None:
            nodes = {n.code: n for n in edition.nodes.exclude(level=IndexNode.Level.CRITERION)}
        rows, seen = [], set()
        for index, item in enumerate(items):
            row = self.row(item, ("results", index), edition, provinces, nodes)
            if row is None:
                continue
            key = (row.province.pk, row.node.pk if row.node else None)
            if key in seen:
                self.problem(("results", index), _("tỉnh và mục này đã có ở dòng trước"))
            seen.add(key)
            rows.append(row)
        if self.problems or edition is None or day is None:
            return None
        return ResultsSpec(edition, document, day, url, rows)


def parse_results_yaml(text: str, *, by: User) -> ResultsSpec:
    """The checked results, or ImportRejected listing every problem with path and line."""
    data, lines, problems = load_with_lines(text)
    checker = _Checker(lines, by)
    checker.problems += problems
    spec = checker.document(data)
    if spec is None or checker.problems:
        raise ImportRejected(checker.problems)
    return spec
