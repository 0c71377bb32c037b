"""Restated reads for the dashboards' pages with several runs or many units (the overview's
cards, the ranking): restate.py's figures through the query layer's shapes."""

from __future__ import annotations

import datetime

from directives.models import Target
from reports.compliance.cache import remembered, restated_stamp
from reports.compliance.models import ComplianceRun
from reports.compliance.restate import (
    NotRestated,
    RestatedScore,
    Successors,
    not_restated,
    restated_completeness,
    restated_scores,
)
from reports.compliance.selectors import (
    Completeness,
    TargetFigure,
    directive_targets,
    restated_area,
    restated_figures,
)
from units.models import Unit


def restated_by_run(
    runs: list[ComplianceRun], targets: list[Target], area: Unit | None, on: datetime.date
) -> tuple[
    dict[int, dict[int, TargetFigure]], dict[int, Completeness], dict[int, list[NotRestated]]
]:
    """Figures, completeness and units left apart per run, restated onto the structure of
    `on` (a few queries per run: restated figures are read from each run's unit rows)."""
    successors = Successors.on(on)
    wanted = restated_area(area)
    figures, completeness, apart = {}, {}, {}
    for run in runs:
        own = [t for t in targets if t.task.directive_id == run.directive_id]
        figures[run.pk], lost = restated_figures(own, run, area, successors)
        counts, left = restated_completeness(run, successors, wanted)
        completeness[run.pk] = Completeness(
            counts.expected, counts.submitted, counts.accepted, counts.late
        )
        apart[run.pk] = not_restated(lost | set(left), successors, wanted, run.period.ends_on)
    return figures, completeness, apart


def restated_ranking(
    *, run: ComplianceRun, area: Unit | None, on: datetime.date, level: int | None = None
) -> list[RestatedScore]:
    """The ranking restated onto the structure of `on`: successors scored on their pooled
    figures (restate.py), best first; remembered for the run and the structure (cache.py)."""

    def compute() -> list[RestatedScore]:
        targets = directive_targets(run.directive)
        return restated_scores(targets, run, Successors.on(on), restated_area(area), level)

    parts = (area.pk if area else "", level or "")
    return remembered("restated-ranking", restated_stamp([run], on), parts, compute)
