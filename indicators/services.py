"""Writes of the index frameworks and the figures published on them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from celery import signature
from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import DomainError, ImportRejected, Problem, decode_utf8
from config.vn import format_number
from indicators.frameworks import parse_framework_yaml
from indicators.models import (
    CriterionAssessment,
    ExternalFigure,
    IndexEdition,
    IndexFramework,
    IndexNode,
    IndexResult,
    Indicator,
)
from indicators.results_file import parse_results_yaml
from units.models import Unit, User
from units.permissions import Action, allowed

# Queued by name: the compliance layer stands above this one (see reports/compliance/tasks.py).
RECOMPUTE_TASK = "reports.compliance.recompute_indicator_year"


def framework_import(*, data: bytes) -> IndexEdition:
    """Load an edition all-or-nothing. An unpublished edition of the same year is replaced
    whole; a published one is never edited in place (a revised framework is a new edition)."""
    spec = parse_framework_yaml(decode_utf8(data))
    with transaction.atomic():
        framework, _created = IndexFramework.objects.update_or_create(
            code=spec.code, defaults={"name": spec.name}
        )
        edition = IndexEdition.objects.filter(framework=framework, year=spec.year).first()
        if edition is not None and edition.published:
            message = _("phiên bản năm %(year)s đã công bố, không sửa được; hãy nạp phiên bản mới")
            raise ImportRejected([Problem("edition.year", message % {"year": spec.year})])
        if edition is not None:
            if IndexResult.objects.filter(edition=edition).exists():
                message = _("phiên bản đã có kết quả công bố, không thay thế được")
                raise ImportRejected([Problem("edition.year", message)])
            edition.nodes.all().delete()
        else:
            edition = IndexEdition(framework=framework, year=spec.year)
        edition.legal_basis, edition.max_score = spec.legal_basis, spec.max_score
        edition.published, edition.scored_levels = spec.published, spec.scored_levels
        edition.save()
        indicators = {i.code: i for i in Indicator.objects.all()}
        saved: dict[int, IndexNode] = {}
        for position, (node, parent) in enumerate(spec.walk()):
            saved[id(node)] = IndexNode.objects.create(
                edition=edition, parent=saved[id(parent)] if parent else None,
                level=node.level, code=node.code, name=node.name, position=position,
                weight=node.weight, max_score=node.max_score,
                indicator=indicators.get(node.indicator), scoring=node.scoring,
            )  # fmt: skip
    return edition


def edition_publish(*, edition: IndexEdition) -> IndexEdition:
    edition.published = True
    edition.save(update_fields=["published"])
    return edition


def _check_source(document: str, date: datetime.date | None) -> None:
    if not document.strip() or date is None:
        raise DomainError(_("Hãy ghi văn bản công bố và ngày công bố của số liệu."))


def external_figure_save(
    *,
    province: Unit,
    indicator: Indicator,
    year: int,
    value: Decimal,
    source_document: str,
    source_date: datetime.date,
    source_url: str = "",
    by: User,
) -> ExternalFigure:
    """Enter (or correct) a published figure of a province; the targets on its indicator are
    judged again for that year."""
    if not allowed(by, Action.EXTERNAL_FIGURE_ENTER, province) or province.parent_id is not None:
        raise DomainError(_("Chỉ cán bộ của tỉnh mới nhập được số liệu công bố của tỉnh."))
    _check_source(source_document, source_date)
    if indicator.kind == Indicator.Kind.RANK and (value < 1 or value != value.to_integral()):
        raise DomainError(_("Thứ hạng phải là số nguyên từ 1 trở lên."))
    if value < 0:
        raise DomainError(_("Giá trị không được âm."))
    with transaction.atomic():
        figure, _created = ExternalFigure.objects.update_or_create(
            province=province, indicator=indicator, year=year,
            defaults={"value": value, "source_document": source_document.strip(),
                      "source_url": source_url, "source_date": source_date, "entered_by": by},
        )  # fmt: skip
        task = signature(RECOMPUTE_TASK, args=(indicator.pk, year))
        transaction.on_commit(lambda: task.apply_async(), robust=True)
    return figure


def index_result_save(
    *,
    edition: IndexEdition,
    province: Unit,
    node: IndexNode | None,
    score: Decimal | None,
    rank: int | None,
    source_document: str,
    source_date: datetime.date,
    source_url: str = "",
    by: User,
) -> IndexResult:
    """Enter an official score or rank published nationally (the total when `node` is None)."""
    if not allowed(by, Action.EXTERNAL_FIGURE_ENTER, province) or province.parent_id is not None:
        raise DomainError(_("Chỉ cán bộ của tỉnh mới nhập được kết quả công bố của tỉnh."))
    _check_source(source_document, source_date)
    if score is None and rank is None:
        raise DomainError(_("Hãy nhập điểm hoặc thứ hạng."))
    if node is not None and node.edition_id != edition.pk:
        raise DomainError(_("Mục này không thuộc phiên bản đã chọn."))
    maximum = edition.max_score if node is None else node.max_score
    if score is not None and not 0 <= score <= maximum:
        raise DomainError(_("Điểm phải từ 0 đến %(max)s.") % {"max": format_number(maximum, 4)})
    if rank is not None and rank < 1:
        raise DomainError(_("Thứ hạng phải từ 1 trở lên."))
    with transaction.atomic():
        result, _created = IndexResult.objects.update_or_create(
            edition=edition, province=province, node=node,
            defaults={"score": score, "rank": rank, "source_document": source_document.strip(),
                      "source_url": source_url, "source_date": source_date, "entered_by": by},
        )  # fmt: skip
    return result


def index_results_import(*, data: bytes, by: User) -> tuple[IndexEdition, int]:
    """Load an official results file all-or-nothing (the edition, and how many results it
    entered or corrected); every row is a province the user enters published figures for."""
    spec = parse_results_yaml(decode_utf8(data), by=by)
    with transaction.atomic():
        for row in spec.rows:
            IndexResult.objects.update_or_create(
                edition=spec.edition, province=row.province, node=row.node,
                defaults={"score": row.score, "rank": row.rank,
                          "source_document": spec.source_document,
                          "source_url": spec.source_url, "source_date": spec.source_date,
                          "entered_by": by},
            )  # fmt: skip
    return spec.edition, len(spec.rows)


def criterion_assess(
    *, node: IndexNode, province: Unit, score: Decimal, evidence: str, by: User
) -> CriterionAssessment:
    """An officer scores a criterion no indicator measures, with its evidence."""
    if not allowed(by, Action.EXTERNAL_FIGURE_ENTER, province) or province.parent_id is not None:
        raise DomainError(_("Chỉ cán bộ của tỉnh mới chấm được tiêu chí của tỉnh."))
    if node.level != IndexNode.Level.CRITERION or node.indicator_id is not None:
        raise DomainError(_("Tiêu chí này được chấm từ số liệu chỉ số, không chấm tay."))
    if not evidence.strip():
        raise DomainError(_("Hãy ghi minh chứng cho điểm tự chấm."))
    if not 0 <= score <= node.max_score:
        raise DomainError(
            _("Điểm phải từ 0 đến %(max)s.") % {"max": format_number(node.max_score, 4)}
        )
    with transaction.atomic():
        assessment, _created = CriterionAssessment.objects.update_or_create(
            node=node, province=province,
            defaults={"score": score, "evidence": evidence.strip(), "entered_by": by},
        )  # fmt: skip
    return assessment
