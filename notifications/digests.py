"""The weekly digest: for DIC officers (reviewers of a province), late units and reports
awaiting review; for leaders, targets missed in the week's computations and overdue tasks."""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directives.deadlines import Status
from directives.selectors import directive_list
from directives.task_board import BoardFilters, task_board
from notifications.models import Kind
from notifications.reminders import Outstanding, outstanding_reports
from notifications.services import notify
from reports.models import ComplianceRun, Submission, TargetResult
from reports.review import reviewable_submissions
from reports.rules import MISSED
from units import permissions
from units.models import Membership, Role, User


def digest_recipients() -> list[User]:
    """Reviewers on a root unit and leaders anywhere, each once."""
    memberships = Membership.objects.filter(
        Q(role=Role.REVIEWER, unit__parent__isnull=True) | Q(role=Role.LEADER),
        user__is_active=True,
    ).select_related("user")
    return list({m.user_id: m.user for m in memberships.order_by("user_id")}.values())


def _officer_lines(user: User, late: list[Outstanding]) -> list[str]:
    grants = permissions.grants_for(user)
    if not grants.units(Role.REVIEWER):
        return []
    mine = set(permissions.units_where(user, {Role.REVIEWER}).values_list("pk", flat=True))
    late_units = Counter(o.unit.name for o in late if o.unit.pk in mine)
    waiting = reviewable_submissions(user=user).filter(status=Submission.Status.SUBMITTED).count()
    lines = [
        ngettext(
            "%(count)s báo cáo quá hạn chưa gửi:",
            "%(count)s báo cáo quá hạn chưa gửi:",
            late_units.total(),
        )
        % {"count": late_units.total()}
    ]
    lines += [f"  - {name}: {count}" for name, count in sorted(late_units.items())]
    lines.append(
        ngettext(
            "%(count)s báo cáo đang chờ thẩm định.",
            "%(count)s báo cáo đang chờ thẩm định.",
            waiting,
        )
        % {"count": waiting}
    )
    return lines


def _leader_lines(user: User, today: datetime.date) -> list[str]:
    if not permissions.grants_for(user).units(Role.LEADER):
        return []
    week_ago = today - datetime.timedelta(days=7)
    missed = TargetResult.objects.filter(
        run__basis=ComplianceRun.Basis.OFFICIAL,
        run__computed_at__date__gt=week_ago,
        run__directive__in=directive_list(user=user),
        status=MISSED,
    ).count()
    overdue = task_board(
        user=user,
        filters=BoardFilters(status=Status.OVERDUE),
        as_of=today,
        due_soon_days=settings.CHITIEU_TASK_DUE_SOON_DAYS,
    )
    return [
        ngettext(
            "%(count)s chỉ tiêu được đánh giá không đạt trong tuần.",
            "%(count)s chỉ tiêu được đánh giá không đạt trong tuần.",
            missed,
        )
        % {"count": missed},
        ngettext(
            "%(count)s nhiệm vụ quá hạn chưa hoàn thành.",
            "%(count)s nhiệm vụ quá hạn chưa hoàn thành.",
            len(overdue),
        )
        % {"count": len(overdue)},
    ]


def send_weekly_digests(*, today: datetime.date) -> int:
    """One digest per recipient per ISO week, whatever the number of runs."""
    year, week, _weekday = today.isocalendar()
    late = [o for o in outstanding_reports() if o.days_left(today) < 0]
    sent = 0
    for user in digest_recipients():
        lines = _officer_lines(user, late) + _leader_lines(user, today)
        title = _("Tổng hợp tuần %(week)s/%(year)s") % {"week": week, "year": year}
        url = reverse("directives:task_board")
        key = f"{Kind.WEEKLY_DIGEST}:{year}-W{week:02d}:{user.pk}"
        body = "\n".join(lines)
        sent += bool(
            notify(user=user, kind=Kind.WEEKLY_DIGEST, key=key, title=title, body=body, url=url)
        )
    return sent
