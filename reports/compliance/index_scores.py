"""A province's (and its units') self-assessment on an index edition, from official figures.

A criterion linked to an indicator reads, for the edition's year, the figure published for the
province (indicators.ExternalFigure: the national figure, which the compliance engine also takes
as official) or else the portal's own official figure from accepted reports (index_figures.py).
An edition that scores departments, districts or communes (`scored_levels`) scores each unit of
those levels from the portal's figures over its subtree; criteria scored by officers are the
province's only, so a unit earns nothing on them and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from config.vn import format_date
from indicators.models import IndexEdition, IndexFramework, IndexNode
from indicators.scoring import ScoredNode
from indicators.selectors import (
    edition_assessment,
    edition_nodes,
    edition_shape,
    officer_scores,
    published_editions,
    published_figures,
    total_results,
)
from reports.compliance.index_figures import PortalFigure, portal_figures, unit_areas
from units.models import Unit


def _kinds(nodes: list[IndexNode]) -> dict[str, str]:
    return {n.indicator.code: n.indicator.kind for n in nodes if n.indicator is not None}


def _portal_source(year: int, figure: PortalFigure) -> str:
    return _(
        "số liệu chính thức năm %(year)s của cổng, từ báo cáo đã tiếp nhận theo %(directive)s "
        "(%(reported)s/%(expected)s đơn vị)"
    ) % {
        "year": year, "directive": figure.directive, "reported": figure.units_reported,
        "expected": figure.units_expected,
    }  # fmt: skip


def _figures(
    year: int, portal: dict[str, PortalFigure]
) -> tuple[dict[str, Decimal], dict[str, str]]:
    values = {code: figure.value for code, figure in portal.items()}
    return values, {code: _portal_source(year, figure) for code, figure in portal.items()}


def province_assessment(edition: IndexEdition, province: Unit) -> ScoredNode:
    """The edition scored for the province: published figures first, else the portal's."""
    nodes = edition_nodes(edition)
    portal = portal_figures(
        year=edition.year, indicators=_kinds(nodes), areas=unit_areas(province)
    ).get(province.pk, {})
    values, sources = _figures(edition.year, portal)
    for code, figure in published_figures(province, edition.year).items():
        values[code] = figure.value
        sources[code] = _("số liệu công bố: %(document)s, %(date)s") % {
            "document": figure.source_document, "date": format_date(figure.source_date)
        }  # fmt: skip
    return edition_assessment(
        edition, nodes, figures=values, assessed=officer_scores(edition, province),
        sources=sources,
    )  # fmt: skip


@dataclass(frozen=True)
class UnitScore:
    unit: Unit
    assessment: ScoredNode
    rank: int  # ties share a rank

    @property
    def pillars(self) -> list[ScoredNode]:
        return self.assessment.children

    @property
    def criteria(self) -> list[ScoredNode]:
        """The criteria (the tree's leaves), each with its explanation of the score."""
        found, stack = [], [self.assessment]
        while stack:
            node = stack.pop()
            stack.extend(reversed(node.children))
            if not node.children and node is not self.assessment:
                found.append(node)
        return found


def unit_assessments(edition: IndexEdition, province: Unit) -> list[UnitScore]:
    """Each unit of the levels the edition scores, from the portal's figures over its
    subtree, best first (a fixed number of queries, whatever the number of units)."""
    if not edition.scored_levels:
        return []
    nodes = edition_nodes(edition)
    areas = unit_areas(province, edition.scored_levels)
    by_area = portal_figures(year=edition.year, indicators=_kinds(nodes), areas=areas)
    units = Unit.objects.filter(pk__in=set(areas.values())).select_related("level")
    scored = []
    for unit in units:
        values, sources = _figures(edition.year, by_area.get(unit.pk, {}))
        scored.append((unit, edition_assessment(edition, nodes, figures=values, assessed={},
                                                sources=sources)))  # fmt: skip
    scored.sort(key=lambda pair: (-pair[1].score, pair[0].name))
    ranked: list[UnitScore] = []
    for position, (unit, assessment) in enumerate(scored, start=1):
        tied = ranked and ranked[-1].assessment.score == assessment.score
        ranked.append(UnitScore(unit, assessment, ranked[-1].rank if tied else position))
    return ranked


@dataclass(frozen=True)
class EditionPoint:
    year: int
    edition: IndexEdition
    self_score: Decimal
    max_score: Decimal
    official_score: Decimal | None
    rank: int | None  # lower is better: charts draw this axis reversed
    framework_changed: bool  # the tree or weights differ from the previous edition's

    @property
    def gap(self) -> Decimal | None:
        """Self-assessed less official: what the province over- or underrated."""
        return None if self.official_score is None else self.self_score - self.official_score


def edition_trend(framework: IndexFramework, province: Unit) -> list[EditionPoint]:
    """The province across the published editions, marking where the framework changed."""
    points: list[EditionPoint] = []
    previous: set[tuple[str, Decimal]] | None = None
    totals = total_results(framework, province)
    for edition in published_editions(framework):
        shape = edition_shape(edition)
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
