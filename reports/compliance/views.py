"""Leaders' dashboards: overview, targets, the units behind a figure, heatmap, ranking, trends.

Every page reads the computed tables through reports/compliance.py, over the part of the
province the user may see (reports/areas.py), official figures unless "provisional" is asked.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from config.paging import PAGE_SIZE, paginate
from directives import deadlines
from directives.models import Directive
from directives.selectors import directive_list, directive_seen_or_404
from reports.compliance import charts, dashboards
from reports.compliance import selectors as reads
from reports.compliance.areas import directive_root, figures_area
from reports.compliance.cache import remembered_html, run_stamp
from reports.compliance.filters import (
    FiguresFilter,
    TargetsFilter,
    basis_of,
    default_period,
)
from reports.compliance.models import ComplianceRun
from reports.compliance.restate import HISTORIC, structure_of
from reports.compliance.restated_reads import restated_ranking
from reports.compliance.restated_units import restated_heat_rows, restated_target_units
from reports.compliance.selectors import MissedUnit
from reports.periods.models import Period
from reports.submissions.task_board import BoardFilters, may_see_task_board, task_board
from units.models import Level, Unit
from units.permissions import Action, allowed, in_provinces, root_id_of
from units.selectors import names_on, unit_names


@dataclass
class Scope:
    """What a directive's dashboard page shows: resolved from the URL, checked for the user."""

    directive: Directive
    area: Unit
    period: Period | None  # None: nothing computed yet
    basis: str
    filter: FiguresFilter
    structure: str = HISTORIC
    on: datetime.date | None = None  # restated: onto the structure of this day

    @property
    def provisional(self) -> bool:
        return self.basis == ComplianceRun.Basis.PROVISIONAL

    @property
    def restated(self) -> bool:
        return self.structure != HISTORIC

    @property
    def query(self) -> str:
        """The query string that keeps period, area, basis and structure across the tabs."""
        keep = {"period": self.period.pk if self.period else "", "unit": self.area.code,
                "basis": self.basis}  # fmt: skip
        if self.restated:
            keep |= {"structure": self.structure, "on": self.on.isoformat() if self.on else ""}
        return urlencode(keep)

    @cached_property
    def names(self) -> dict[int, str]:
        """Units renamed since the day the page's units are of (the period's last day, or the
        day restated onto), under their names of that day (one query)."""
        day = self.on if self.restated else self.period.ends_on if self.period else None
        return names_on(day) if day else {}

    @cached_property
    def run(self) -> ComplianceRun | None:
        if self.period is None:
            return None
        return reads.compliance_run(directive=self.directive, period=self.period, basis=self.basis)


def _scope(
    request: HttpRequest, pk: int, filter_class: type[FiguresFilter] = FiguresFilter
) -> Scope:
    # An unseen directive answers 404 like a missing one, so ids cannot be probed.
    directive = directive_seen_or_404(user=request.user, pk=pk)
    area = figures_area(user=request.user, directive=directive, code=request.GET.get("unit"))
    latest = default_period(directive)
    defaults = {"unit": area.code, "basis": ComplianceRun.Basis.OFFICIAL}
    if latest is not None:
        defaults["period"] = str(latest.pk)
    figures = filter_class(request.GET, user=request.user, directive=directive,
                           root=directive_root(directive), defaults=defaults)  # fmt: skip
    cleaned = figures.form.cleaned_data if figures.is_valid() else {}
    return Scope(
        directive=directive,
        area=area,
        period=cleaned.get("period") or latest,
        basis=basis_of(cleaned.get("basis")),
        filter=figures,
        structure=structure_of(cleaned.get("structure")),
        on=cleaned.get("on") or timezone.localdate(),
    )


def _figures(
    request: HttpRequest, scope: Scope, template: str, build: Callable[[], dict[str, object]]
) -> SafeString:
    """The page's figures: `template` rendered with `build()`'s context, from the cache when
    already rendered for the run, the area, the structure and the language (cache.py) and the
    very query string (its pagination links repeat it). The area was checked for the user by
    `_scope`, and the figures never show who reads them: users of one area share the entry,
    users of another never read it."""

    def render() -> SafeString:
        return render_to_string(f"reports/{template}", {"scope": scope, **build()}, request)

    if scope.run is None:  # nothing stored to stamp the figures with
        return render()
    # The path names the directive and the target; whether the filters held for this user
    # (their area choices differ) changes the rows. remembered_html adds the unit events, so
    # a restated page needs only the day restated onto.
    parts = (request.path, scope.area.pk, scope.basis, scope.structure,
             scope.on if scope.restated else None, scope.filter.is_valid(),
             *sorted(request.GET.lists()))  # fmt: skip
    return remembered_html(template, run_stamp(scope.run), parts, render)


def _page(request: HttpRequest, template: str, scope: Scope, **context: object) -> HttpResponse:
    return render(request, f"reports/{template}", {"scope": scope, "filter": scope.filter,
                                                   **context})  # fmt: skip


def _board_day(board: dashboards.DirectiveOverview, structure: str, on: datetime.date
               ) -> datetime.date:  # fmt: skip
    """The day whose names an overview board's units are under: its period's last day, or the
    day restated onto."""
    if structure != HISTORIC or board.compliance is None:
        return on
    return board.compliance.period.ends_on


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    directives = list(directive_list(user=request.user).order_by("-issued_on", "code"))
    if not directives:
        raise PermissionDenied
    code = request.GET.get("unit")
    chosen = in_provinces(Unit.objects.filter(code=code), request.user).first() if code else None
    root = root_id_of(chosen) if chosen else root_id_of(directives[0].report_to)
    mine = [d for d in directives if root_id_of(d.report_to) == root]
    if not mine:
        raise Http404
    area = figures_area(user=request.user, directive=mine[0], code=code)
    basis = basis_of(request.GET.get("basis"))
    structure = structure_of(request.GET.get("structure"))
    on = timezone.localdate()
    may_see = may_see_task_board(request.user)
    context = {
        "area": area,
        "basis": basis,
        "provisional": basis == ComplianceRun.Basis.PROVISIONAL,
        "structure": structure,
        "restated": structure != HISTORIC,
        "on": on,
        "may_see_task_board": may_see,
    }

    def render_boards() -> SafeString:
        boards = dashboards.overview(directives=mine, basis=basis, area=area,
                                     structure=structure, on=on)  # fmt: skip
        names = unit_names([area])
        # The stamp names the area as on the board's period (restated: on `on`).
        cards = [
            (board, [(card, [p.period.label for p in card.points],
                      charts.card_series(card.figure.target, card.points))
                     for card in board.cards],
             names.on(area, _board_day(board, structure, on)))
            for board in boards
        ]  # fmt: skip
        return render_to_string("reports/dashboard_overview_boards.html",
                                {**context, "boards": cards}, request)  # fmt: skip

    # The boards rendered once per runs, area, language and task-board right (cache.py).
    stamp = dashboards.overview_stamp(directives=mine, basis=basis)
    parts = (area.pk, basis, structure, on if structure != HISTORIC else None, may_see,
             *(d.pk for d in mine))  # fmt: skip
    context["boards"] = remembered_html("dashboard_overview", stamp, parts, render_boards)
    return render(request, "reports/dashboard_overview.html", context)


@require_GET
@login_required
def targets(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request, pk, TargetsFilter)

    def build() -> dict[str, object]:
        compliance = None
        if scope.period is not None:
            compliance = reads.compliance_for(directive=scope.directive, period=scope.period,
                                              basis=scope.basis, area=scope.area,
                                              structure=scope.structure, on=scope.on)  # fmt: skip
        valid = scope.filter.is_valid()
        shown = set(scope.filter.qs.values_list("pk", flat=True)) if valid else None
        rows = [
            f for f in (compliance.targets if compliance else [])
            if (shown is None or f.target.pk in shown) and scope.filter.shows(f.status)
        ]  # fmt: skip
        return {"compliance": compliance, "rows": rows}

    # DIC officers publish the official figures from here (reports.publications).
    may_publish = (
        scope.basis == ComplianceRun.Basis.OFFICIAL
        and scope.run is not None
        and allowed(request.user, Action.PUBLISH, scope.directive)
    )
    return _page(request, "dashboard_targets.html", scope, restates=True, may_publish=may_publish,
                 figures=_figures(request, scope, "dashboard_targets_figures.html", build))  # fmt: skip


@require_GET
@login_required
def target_units(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    scope = _scope(request, pk)
    run = scope.run
    if run is None:
        raise Http404
    figure = next(
        (f for f in reads.compliance_for(directive=scope.directive, period=run.period,
                                         basis=scope.basis, area=scope.area,
                                         structure=scope.structure, on=scope.on).targets
         if f.target.pk == target_pk),
        None,
    )  # fmt: skip
    if figure is None:
        raise Http404

    def build() -> dict[str, object]:
        apart = []
        if scope.restated:
            rows, apart = restated_target_units(run=run, target=figure.target, area=scope.area,
                                                on=scope.on)  # fmt: skip
            page = paginate(request, rows)
            units = page.object_list
        else:
            found = reads.target_units(run=run, target=figure.target, area=scope.area)
            page = paginate(request, found)
            units = reads.unit_figures(page.object_list, run=run)
        return {"figure": figure, "page": page, "units": units, "not_restated": apart}

    figures = _figures(request, scope, "dashboard_units_figures.html", build)
    return _page(request, "dashboard_units.html", scope, figure=figure, figures=figures,
                 restates=True)  # fmt: skip


@require_GET
@login_required
def heatmap(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request, pk)
    run = scope.run
    level = Level.objects.filter(code=request.GET.get("level")).first()
    sort = request.GET.get("sort", "name")

    def build() -> dict[str, object]:
        targets = reads.directive_targets(scope.directive)
        columns = list({t.indicator_id: t.indicator for t in targets}.values())
        column = next((c for c in columns if sort.lstrip("-") == c.code), None)
        page = rows = None
        apart = []
        if run is not None and scope.restated:
            found, apart = restated_heat_rows(
                run=run, area=scope.area, on=scope.on, level=level.pk if level else None,
                sort=sort, column=column.pk if column else None, columns=[c.pk for c in columns],
            )  # fmt: skip
            page = paginate(request, found)
            rows = page.object_list
        elif run is not None:
            units = dashboards.heatmap_units(run=run, area=scope.area, sort=sort,
                                             level=level.pk if level else None,
                                             column=column.pk if column else None)  # fmt: skip
            page = paginate(request, units)
            rows = dashboards.heatmap_rows(page.object_list, run=run,
                                           columns=[c.pk for c in columns])  # fmt: skip
        return {"columns": columns, "rows": rows, "page": page, "sort": sort, "level": level,
                "not_restated": apart}  # fmt: skip

    figures = _figures(request, scope, "dashboard_heatmap_figures.html", build)
    return _page(request, "dashboard_heatmap.html", scope, figures=figures, sort=sort, level=level,
                 levels=Level.objects.all(), restates=True)  # fmt: skip


@require_GET
@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request, pk)
    run = scope.run
    if "level" in request.GET or run is None:  # "Tất cả" sends an empty level
        level = Level.objects.filter(code=request.GET.get("level")).first()
    else:
        level = reads.main_level(run=run, area=scope.area)

    def build() -> dict[str, object]:
        page = missed = missed_page = None
        if run is not None and scope.restated:
            scores = restated_ranking(run=run, area=scope.area, on=scope.on,
                                      level=level.pk if level else None)  # fmt: skip
            page = paginate(request, scores)
            missed_page = Paginator([s for s in scores if s.targets_missed], PAGE_SIZE)
            missed_page = missed_page.get_page(request.GET.get("missed_page"))
            missed = [MissedUnit(s.unit, s.score, s.missed) for s in missed_page.object_list]
        elif run is not None:
            scores = reads.unit_scores(run=run, area=scope.area, level=level.pk if level else None)
            page = paginate(request, scores)
            missed_page = Paginator(reads.missed_unit_rows(run=run, area=scope.area), PAGE_SIZE)
            missed_page = missed_page.get_page(request.GET.get("missed_page"))
            missed = reads.missed_targets(missed_page.object_list, run=run)
        return {"page": page, "missed": missed, "missed_page": missed_page, "level": level}

    figures = _figures(request, scope, "dashboard_ranking_figures.html", build)
    return _page(request, "dashboard_ranking.html", scope, figures=figures, restates=True,
                 level=level, levels=Level.objects.all())  # fmt: skip


@require_GET
@login_required
def trends(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request, pk)
    indicators = dashboards.trend_indicators(scope.directive)
    if not indicators:
        raise Http404
    chosen = next((i for i in indicators if i.code == request.GET.get("indicator")), indicators[0])
    if chosen.targets.filter(task__directive=scope.directive).exists():
        kind = scope.period.kind if scope.period else ""
        periods, lines = dashboards.trend(directive=scope.directive, indicator_id=chosen.pk,
                                          basis=scope.basis, area=scope.area, kind=kind,
                                          structure=scope.structure, on=scope.on)  # fmt: skip
        series = charts.trend_series(lines)
        percent = any(charts.percent_valued(line.target) for line in lines)
    else:
        periods, history = dashboards.indicator_history(directive=scope.directive, indicator=chosen,
                                                   basis=scope.basis, area=scope.area)  # fmt: skip
        series = charts.history_series(history)
        percent = chosen.kind == "ratio"
    return _page(request, "dashboard_trends.html", scope, indicators=indicators, chosen=chosen,
                 labels=[p.label for p in periods], series_list=series,
                 reverse=chosen.kind == "rank", percent=percent,
                 restates=chosen.targets.exists())  # fmt: skip


@require_GET
@login_required
def overdue_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview's count of overdue task assignments of a directive in the user's area,
    loaded after the page (htmx): statuses are judged on each read, which takes longer than
    the stored figures."""
    # An unseen directive answers 404 like a missing one, so ids cannot be probed.
    directive = directive_seen_or_404(user=request.user, pk=pk)
    if not may_see_task_board(request.user):
        raise PermissionDenied
    area = figures_area(user=request.user, directive=directive, code=request.GET.get("unit"))
    rows = task_board(
        user=request.user,
        filters=BoardFilters(directive=directive, unit=area, status=deadlines.Status.OVERDUE),
        due_soon_days=settings.CHITIEU_TASK_DUE_SOON_DAYS,
    )
    query = urlencode({"directive": directive.pk, "unit": area.code, "status": "overdue"})
    context = {"count": len(rows), "query": query}
    return render(request, "reports/dashboard_overdue.html", context)


urlpatterns = [
    path("dashboard/", overview, name="dashboard"),
    path("dashboard/<int:pk>/", targets, name="dashboard_targets"),
    path("dashboard/<int:pk>/targets/<int:target_pk>/", target_units, name="dashboard_units"),
    path("dashboard/<int:pk>/heatmap/", heatmap, name="dashboard_heatmap"),
    path("dashboard/<int:pk>/ranking/", ranking, name="dashboard_ranking"),
    path("dashboard/<int:pk>/trends/", trends, name="dashboard_trends"),
    path("dashboard/<int:pk>/overdue/", overdue_tasks, name="dashboard_overdue"),
]
