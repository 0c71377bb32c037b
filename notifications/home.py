"""The home page's next actions per role: how many reports to send (and how many are late),
how many wait for review, the targets missed in the user's area, the tasks overdue; each a
count with a link straight to the list behind it. Each count costs a fixed number of queries
whatever the number of reports, units or tasks (the targets missed, a few per directive in
force)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directives.deadlines import Status
from directives.selectors import directive_list
from notifications.calendar import UpcomingDuty, duties_of, upcoming_duties
from reports.compliance.areas import figures_area
from reports.compliance.filters import default_period
from reports.compliance.models import ComplianceRun
from reports.compliance.rules import MISSED
from reports.compliance.selectors import compliance_for
from reports.submissions.models import Submission
from reports.submissions.review import review_queue
from reports.submissions.selectors import Obligation, reporting_obligations
from reports.submissions.task_board import (
    BoardFilters,
    BoardRow,
    may_see_task_board,
    own_unit_tasks,
    task_board,
)
from units import permissions
from units.models import Role
from units.selectors import unit_names

if TYPE_CHECKING:
    from units.models import User

_UNSENT = ("not_started", "draft", "returned")


@dataclass(frozen=True)
class NextAction:
    kind: str  # "send", "review", "missed", "overdue": for the page's tests and styles
    count: int
    title: str  # "3 báo cáo cần gửi"
    detail: str  # "1 đã quá hạn", or the directive the count is about
    url: str


def may_report(user: User) -> bool:
    """Agency staff: the users for whom "Báo cáo của tôi" can hold anything."""
    return bool(permissions.roles_of(user) & {Role.REPORTER, Role.UNIT_HEAD})


def reports_to_send(obligations: list[Obligation], today: datetime.date) -> NextAction | None:
    unsent = [o for o in obligations if o.state in _UNSENT]
    if not unsent:
        return None
    late = sum(1 for o in unsent if o.due_on < today)
    soonest = min(o.due_on for o in unsent)
    if late:
        detail = ngettext("%(n)s báo cáo đã quá hạn", "%(n)s báo cáo đã quá hạn", late) % {
            "n": late
        }
    else:
        days = (soonest - today).days
        detail = ngettext("hạn gần nhất còn %(n)s ngày", "hạn gần nhất còn %(n)s ngày", days) % {
            "n": days
        }
    title = ngettext("%(n)s báo cáo cần gửi", "%(n)s báo cáo cần gửi", len(unsent)) % {
        "n": len(unsent)
    }
    return NextAction("send", len(unsent), title, detail, reverse("reports:my_reports"))


def reports_to_review(user: User) -> NextAction | None:
    """Reports waiting for the user's decision (the queue opens on them): one query."""
    if not permissions.allowed(user, permissions.Action.REVIEW):
        return None
    count = review_queue(user=user).filter(status=Submission.Status.SUBMITTED).count()
    title = ngettext("%(n)s báo cáo chờ thẩm định", "%(n)s báo cáo chờ thẩm định", count) % {
        "n": count
    }
    detail = _("Chấp nhận hoặc trả lại từng báo cáo") if count else _("Không còn báo cáo nào chờ")
    return NextAction("review", count, title, detail, reverse("reports:review_queue"))


def targets_missed(user: User, today: datetime.date) -> list[NextAction]:
    """Per directive in force, the targets missed over the user's area in the period the
    dashboards open on (official figures): the same figures as the targets page it links to."""
    if not permissions.roles_of(user) & {Role.LEADER, Role.REVIEWER, Role.ADMIN}:
        return []
    found = []
    directives = directive_list(user=user).filter(effective_from__lte=today)
    for directive in directives.order_by("-issued_on", "code"):
        if directive.effective_to is not None and directive.effective_to < today:
            continue
        period = default_period(directive)
        if period is None:
            continue
        try:
            area = figures_area(user=user, directive=directive)
        except (PermissionDenied, Http404):  # a province the user sees no unit of
            continue
        figures = compliance_for(directive=directive, period=period, area=area,
                                 basis=ComplianceRun.Basis.OFFICIAL)  # fmt: skip
        if figures.run is None:
            continue
        count = figures.count(MISSED)
        if not count:  # nothing to do: the dashboards say what was met
            continue
        title = ngettext("%(n)s chỉ tiêu không đạt", "%(n)s chỉ tiêu không đạt", count) % {
            "n": count
        }
        query = urlencode({"period": period.pk, "unit": area.code, "status": MISSED})
        url = f"{reverse('reports:dashboard_targets', args=[directive.pk])}?{query}"
        found.append((directive, period, area, count, title, url))
    names = unit_names(area for _, _, area, *_ in found)  # each area as named in its period
    return [
        NextAction("missed", count, title,
                   f"{directive.code} · {period.label} · {names.on(area, period.ends_on)}", url)
        for directive, period, area, count, title, url in found
    ]  # fmt: skip


def tasks_overdue(user: User, own_rows: list[BoardRow]) -> NextAction | None:
    """Overdue assignments: across the area a board user oversees, else of the user's own
    units (rows the calendar has already read)."""
    if may_see_task_board(user):
        rows = task_board(user=user, filters=BoardFilters(status=Status.OVERDUE),
                          due_soon_days=settings.CHITIEU_TASK_DUE_SOON_DAYS)  # fmt: skip
        query = urlencode({"directive": "", "unit": "", "status": Status.OVERDUE})
        url = f"{reverse('directives:task_board')}?{query}"
    else:
        rows = [r for r in own_rows if r.judgement.status == Status.OVERDUE]
        url = reverse("reports:my_reports")
    if not rows:
        return None
    count = len(rows)
    title = ngettext("%(n)s nhiệm vụ quá hạn", "%(n)s nhiệm vụ quá hạn", count) % {"n": count}
    worst = max(r.judgement.days_late for r in rows)
    detail = ngettext("chậm nhất %(n)s ngày", "chậm nhất %(n)s ngày", worst) % {"n": worst}
    return NextAction("overdue", count, title, detail, url)


@dataclass(frozen=True)
class HomePage:
    actions: list[NextAction]
    duties: list[UpcomingDuty]  # late first, then the next 60 days


def home_page(*, user: User, today: datetime.date) -> HomePage:
    staff = may_report(user)
    obligations = reporting_obligations(user=user) if staff else []
    rows = (
        own_unit_tasks(user=user, as_of=today, due_soon_days=settings.CHITIEU_TASK_DUE_SOON_DAYS)
        if staff
        else []
    )
    actions = [
        reports_to_send(obligations, today),
        reports_to_review(user),
        *targets_missed(user, today),
        tasks_overdue(user, rows),
    ]
    return HomePage(
        [a for a in actions if a is not None],
        upcoming_duties(duties_of(obligations, rows), today=today),
    )
