"""The weekly digest: for DIC officers (reviewers of a province), late units and reports
awaiting review; for leaders, the targets of their subtree newly missed in the week and their
overdue tasks."""

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
from notifications.models import Kind
from notifications.reminders import Outstanding, outstanding_reports
from notifications.services import notify
from reports.compliance.dashboards import overview
from reports.compliance.models import ComplianceRun
from reports.submissions.models import Submission
from reports.submissions.review import reviewable_submissions
from reports.submissions.task_board import BoardFilters, task_board
from units import permissions
from units.models import Membership, Role, Unit, User


def digest_recipients() -> list[User]:
    """Reviewers on a root unit and leaders anywhere, each once."""
    memberships = Membership.objects.filter(
        Q(role=Role.REVIEWER, unit__parent__isnull=True) | Q(role=Role.LEADER),
        user__is_active=True,
    ).select_related("user")
    return list({m.user_id: m.user for m in memberships.order_by("user_id")}.values())


def _officer_lines(user: User, late: list[Outstanding]) -> list[str]:
    if Role.REVIEWER not in permissions.roles_of(user):
        return []
    mine = set(permissions.units_where(user, {Role.REVIEWER}).values_list("pk", flat=True))
    late_units = Counter(o.unit_name for o in late if o.unit.pk in mine)
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


def _led_areas(user: User) -> list[Unit]:
    """The units the user leads, less those inside another of them (counted with it)."""
    led = permissions.member_unit_ids(user, Role.LEADER)
    units = Unit.objects.with_tree_fields().filter(pk__in=led).order_by("pk")
    return [u for u in units if not led.intersection(u.tree_path[:-1])]


def newly_missed_targets(*, user: User, today: datetime.date) -> int:
    """Targets that became missed in the week up to `today`, over the subtrees the user leads.

    A target not met is "on track" until its due date and "missed" from then on (reports/rules.py),
    so it becomes missed on its due date: counted here are the targets whose due date fell in
    the seven days up to `today` and whose latest official figure over the leader's subtree
    (the directive's latest computed period, read through reports/compliance.py) does not meet
    them. Each target is counted in one week only, whatever the number of recomputations; one
    with no due date is missed from its first figure, never newly, and is left to the
    dashboards. A target missed in several of the user's subtrees counts once.
    """
    week_ago = today - datetime.timedelta(days=7)
    missed: set[int] = set()
    for area in _led_areas(user):
        province = Unit.objects.descendants(area.tree_path[0], include_self=True)
        directives = list(
            directive_list(user=user)
            .filter(
                report_to__in=province,
                tasks__targets__due_on__gt=week_ago,
                tasks__targets__due_on__lte=today,
            )
            .distinct()
        )
        if not directives:
            continue
        for each in overview(
            directives=directives, basis=ComplianceRun.Basis.OFFICIAL, area=area, last=1
        ):
            if each.compliance is None:
                continue
            missed |= {
                figure.target.pk
                for figure in each.compliance.targets
                if figure.met is False
                and figure.target.due_on is not None
                and week_ago < figure.target.due_on <= today
            }
    return len(missed)


def _leader_lines(user: User, today: datetime.date) -> list[str]:
    if Role.LEADER not in permissions.roles_of(user):
        return []
    missed = newly_missed_targets(user=user, today=today)
    overdue = task_board(
        user=user,
        filters=BoardFilters(status=Status.OVERDUE),
        as_of=today,
        due_soon_days=settings.CHITIEU_TASK_DUE_SOON_DAYS,
    )
    return [
        ngettext(
            "%(count)s chỉ tiêu đến hạn trong tuần mà không đạt.",
            "%(count)s chỉ tiêu đến hạn trong tuần mà không đạt.",
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
