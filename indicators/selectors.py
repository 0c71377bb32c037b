"""Reads of the indicator catalogue (the national catalogue and the own indicators of the
provinces the user works in) and of the index frameworks: a province's self-assessment, its
published results beside it, and its history across editions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet

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
from units.permissions import INDEX_ROLES, index_view_provinces, officer_provinces

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def indicator_list(*, user: User | AnonymousUser) -> QuerySet[Indicator]:
    """The national catalogue and the indicators of the user's provinces."""
    return permissions.in_provinces(Indicator.objects.order_by("code"), user)


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


def published_figures(province: Unit, year: int) -> dict[str, ExternalFigure]:
    """indicator code -> the figure published for the province in `year`."""
    rows = ExternalFigure.objects.filter(province=province, year=year).select_related("indicator")
    return {figure.indicator.code: figure for figure in rows}


def edition_nodes(edition: IndexEdition) -> list[IndexNode]:
    """The edition's tree, parents before their children, read once for every unit scored."""
    return list(edition.nodes.select_related("indicator").order_by("position"))


def officer_scores(edition: IndexEdition, province: Unit) -> dict[str, Decimal]:
    """criterion code -> the points the province's officers gave it."""
    rows = CriterionAssessment.objects.filter(node__edition=edition, province=province)
    return dict(rows.values_list("node__code", "score"))


def edition_assessment(
    edition: IndexEdition,
    nodes: list[IndexNode],
    *,
    figures: dict[str, Decimal],
    assessed: dict[str, Decimal],
    sources: dict[str, str] | None = None,
) -> ScoredNode:
    """The edition's tree scored from the figures (indicator code -> value, with where each
    came from) and the officers' scores: the total at the root, then pillars, components and
    criteria, each with its score, maximum and explanation."""
    total = ScoredNode(code="", name=str(edition), level="total", max_score=edition.max_score)
    built: dict[int, ScoredNode] = {}
    for node in nodes:
        scored = ScoredNode(node.code, node.name, node.level, node.max_score)
        if node.level == IndexNode.Level.CRITERION:
            criterion = Criterion(
                scoring=node.scoring,
                indicator=node.indicator.code if node.indicator else "",
                higher_is_better=node.indicator.higher_is_better if node.indicator else True,
                indicator_name=node.indicator.name if node.indicator else "",
            )
            score_criterion(scored, criterion, figures=figures, assessed=assessed, sources=sources)
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


def edition_shape(edition: IndexEdition) -> set[tuple[str, Decimal]]:
    """What tells editions apart: their nodes' codes and weights."""
    return set(edition.nodes.values_list("code", "weight"))


def total_results(framework: IndexFramework, province: Unit) -> dict[int, IndexResult]:
    """edition id -> the official total (score and rank) published for the province."""
    rows = IndexResult.objects.filter(
        edition__framework=framework, province=province, node__isnull=True
    )
    return {result.edition_id: result for result in rows}


def province_external_figures(province: Unit) -> QuerySet[ExternalFigure]:
    return (
        ExternalFigure.objects.filter(province=province)
        .select_related("indicator", "entered_by")
        .order_by("indicator__code", "-year")
    )


def index_result_list(*, user: User | AnonymousUser) -> QuerySet[IndexResult]:
    """The official results of the provinces whose index pages the user reads."""
    return (
        IndexResult.objects.filter(province__in=index_view_provinces(user))
        .select_related("edition__framework", "province", "node")
        # The total (no node) first on every database (PostgreSQL puts NULLs last by default).
        .order_by(
            "edition__framework__code",
            "edition__year",
            "province__code",
            F("node__position").asc(nulls_first=True),
        )
    )


def edition_results(edition: IndexEdition, province: Unit) -> QuerySet[IndexResult]:
    return (
        IndexResult.objects.filter(edition=edition, province=province)
        .select_related("node")
        .order_by(F("node__position").asc(nulls_first=True))
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
