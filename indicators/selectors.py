"""Reads of the indicator catalogue (the national catalogue and the own indicators of the
provinces the user works in) and of the index frameworks: a province's self-assessment, its
published results beside it, and its history across editions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from indicators.models import (
    CriterionAssessment,
    ExternalFigure,
    IndexEdition,
    IndexFramework,
    IndexNode,
    IndexResult,
    Indicator,
)
from indicators.scoring import Criterion, ScoredNode, roll_up, score_criterion
from units import permissions
from units.models import Unit, User
from units.permissions import INDEX_ROLES, officer_provinces

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def indicator_list(*, user: User | AnonymousUser) -> QuerySet[Indicator]:
    roots = permissions.root_ids_of(user)
    indicators = Indicator.objects.order_by("code")
    if roots is None:
        return indicators
    return indicators.filter(Q(province__isnull=True) | Q(province__in=sorted(roots)))


def indicators_of_province(root: Unit) -> QuerySet[Indicator]:
    """What a directive of the province may use: the national catalogue and its own."""
    return Indicator.objects.filter(Q(province__isnull=True) | Q(province=root)).order_by("code")


def indicator_editable(user: User | AnonymousUser, indicator: Indicator) -> bool:
    """National indicators: superusers only; a province's own: its reviewers and admins."""
    if indicator.province_id is None:
        return bool(user.is_authenticated and user.is_superuser)
    return permissions.allowed(user, permissions.Action.UNITS_MANAGE, indicator.province)


def published_editions(framework: IndexFramework) -> QuerySet[IndexEdition]:
    return framework.editions.filter(published=True).order_by("year")


def province_figures(province: Unit, year: int) -> dict[str, Decimal]:
    """indicator code -> the figure published for the province in `year`."""
    rows = ExternalFigure.objects.filter(province=province, year=year)
    return dict(rows.values_list("indicator__code", "value"))


def province_assessment(edition: IndexEdition, province: Unit) -> ScoredNode:
    """The edition's tree scored for the province: the total at the root, then pillars,
    components and criteria, each with its score, maximum and explanation."""
    nodes = list(edition.nodes.select_related("indicator").order_by("position"))
    figures = province_figures(province, edition.year)
    assessed = dict(
        CriterionAssessment.objects.filter(node__edition=edition, province=province).values_list(
            "node__code", "score"
        )
    )
    total = ScoredNode(code="", name=str(edition), level="total", max_score=edition.max_score)
    built: dict[int, ScoredNode] = {}
    for node in nodes:
        scored = ScoredNode(node.code, node.name, node.level, node.max_score)
        if node.level == IndexNode.Level.CRITERION:
            criterion = Criterion(
                scoring=node.scoring,
                indicator=node.indicator.code if node.indicator else "",
                higher_is_better=node.indicator.higher_is_better if node.indicator else True,
            )
            score_criterion(scored, criterion, figures=figures, assessed=assessed)
        built[node.pk] = scored
        (built[node.parent_id] if node.parent_id else total).children.append(scored)
    return roll_up(total)


@dataclass(frozen=True)
class PillarGap:
    code: str
    name: str
    max_score: Decimal
    self_score: Decimal
    official_score: Decimal | None
    gap: Decimal | None  # self-assessed less official: what the province over- or underrated


def pillar_gaps(edition: IndexEdition, province: Unit, assessment: ScoredNode) -> list[PillarGap]:
    """Each pillar's self-assessed score beside the official one published for it."""
    official = dict(
        IndexResult.objects.filter(edition=edition, province=province, node__isnull=False)
        .exclude(score=None)
        .values_list("node__code", "score")
    )
    return [
        PillarGap(
            pillar.code,
            pillar.name,
            pillar.max_score,
            pillar.score,
            official.get(pillar.code),
            None if pillar.code not in official else pillar.score - official[pillar.code],
        )
        for pillar in assessment.children
    ]


@dataclass(frozen=True)
class EditionPoint:
    year: int
    edition: IndexEdition
    self_score: Decimal
    max_score: Decimal
    official_score: Decimal | None
    rank: int | None  # lower is better: charts draw this axis reversed
    framework_changed: bool  # the tree or weights differ from the previous edition's


def _shape(edition: IndexEdition) -> set[tuple[str, Decimal]]:
    return set(edition.nodes.values_list("code", "weight"))


def edition_trend(framework: IndexFramework, province: Unit) -> list[EditionPoint]:
    """The province across the published editions, marking where the framework changed."""
    points: list[EditionPoint] = []
    previous: set[tuple[str, Decimal]] | None = None
    totals = {
        r.edition_id: r
        for r in IndexResult.objects.filter(
            edition__framework=framework, province=province, node__isnull=True
        )
    }
    for edition in published_editions(framework):
        shape = _shape(edition)
        official = totals.get(edition.pk)
        points.append(
            EditionPoint(
                year=edition.year,
                edition=edition,
                self_score=province_assessment(edition, province).score,
                max_score=edition.max_score,
                official_score=official.score if official else None,
                rank=official.rank if official else None,
                framework_changed=previous is not None and shape != previous,
            )
        )
        previous = shape
    return points


def province_trends(province: Unit) -> list[tuple[IndexFramework, list[EditionPoint]]]:
    """Every framework with a published edition, and the province across its editions."""
    frameworks = IndexFramework.objects.filter(editions__published=True).distinct()
    return [(framework, edition_trend(framework, province)) for framework in frameworks]


def province_external_figures(province: Unit) -> QuerySet[ExternalFigure]:
    return (
        ExternalFigure.objects.filter(province=province)
        .select_related("indicator", "entered_by")
        .order_by("indicator__code", "-year")
    )


def edition_results(edition: IndexEdition, province: Unit) -> QuerySet[IndexResult]:
    return (
        IndexResult.objects.filter(edition=edition, province=province)
        .select_related("node")
        .order_by("node__position")
    )


def assessment_rows(total: ScoredNode) -> list[tuple[int, ScoredNode]]:
    """The scored tree flattened for a table: (depth, node), parents before their children."""
    rows: list[tuple[int, ScoredNode]] = []
    stack = [(0, total)]
    while stack:
        depth, node = stack.pop()
        rows.append((depth, node))
        stack += [(depth + 1, child) for child in reversed(node.children)]
    return rows


def index_province_code(user: User) -> str | None:
    """The code of the province whose index page the user reads (the catalogue links to it)."""
    provinces = officer_provinces(user, INDEX_ROLES).order_by("code")
    return provinces.values_list("code", flat=True).first()
