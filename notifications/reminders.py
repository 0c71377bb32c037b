"""The reminder jobs Celery beat runs: each works out who must be told what on `today`, and
sends through `notify`, whose sent-log makes running a job twice (or after a restart) harmless.

Keys name the stage of a reminder, not the day it ran, so a job missed on one day catches up
on the next without sending an earlier stage it skipped. Catching up stops after CATCH_UP_DAYS:
a report that became late (or a review overdue) long before the job first ran is left to the
weekly digest rather than flooding users on the day reminders are switched on.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config import vn
from directives.models import Directive
from directives.selectors import directive_reporting_units
from notifications.models import Kind
from notifications.services import notify
from reports.periods.models import Period
from reports.periods.selectors import due_on_for, open_period_ids, working_day_after
from reports.submissions.models import SENT, Submission
from units import permissions
from units.models import Membership, Role, Unit, User
from units.selectors import unit_names

CATCH_UP_DAYS = 7
STAFF_ROLES = (Role.REPORTER, Role.UNIT_HEAD)


@dataclass(frozen=True)
class Outstanding:
    """A report a unit owes in an open period and has not sent (or had returned)."""

    unit: Unit
    period: Period
    directive: Directive
    due_on: datetime.date
    unit_name: str  # as on the period's last day (a later rename is undone)

    @property
    def key(self) -> str:
        return f"{self.directive.pk}:{self.period.pk}:{self.unit.pk}"

    def days_left(self, today: datetime.date) -> int:
        return (self.due_on - today).days


def outstanding_reports() -> list[Outstanding]:
    """Every report owed in an open period and not sent, each unit under its name on the
    period's last day: one query per directive, and one for the names."""
    directives = list(Directive.objects.select_related("report_to").order_by("code"))
    # A directive's units are its province's: they owe reports in the periods it has open.
    root_of = permissions.roots_of({d.report_to_id for d in directives}) if directives else {}
    open_ids = open_period_ids(set(root_of.values()))
    periods = list(Period.objects.filter(pk__in=set().union(*open_ids.values())))
    if not periods:
        return []
    sent = set(
        Submission.objects.filter(period__in=periods, status__in=SENT).values_list(
            "directive_id", "period_id", "unit_id"
        )
    )
    owed: list[tuple[Unit, Period, Directive, datetime.date]] = []
    for directive in directives:
        open_here = open_ids[root_of[directive.report_to_id]]
        in_force = [
            p
            for p in periods
            if p.pk in open_here
            and p.kind in directive.reporting
            and directive.in_force_during(p.starts_on, p.ends_on)
        ]
        if not in_force:
            continue
        units = list(directive_reporting_units(directive))
        for period in in_force:
            due_on = due_on_for(period, directive)
            owed += [
                (unit, period, directive, due_on)
                for unit in units
                if unit.active
                and unit.is_valid_on(period.ends_on)
                and (directive.pk, period.pk, unit.pk) not in sent
            ]
    names = unit_names(unit for unit, *_ in owed)
    return [
        Outstanding(unit, period, directive, due_on, names.on(unit, period.ends_on))
        for unit, period, directive, due_on in owed
    ]


def _members(unit_ids: set[int], roles: tuple[str, ...]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(
        unit_id__in=unit_ids, role__in=roles, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("user_id"):
        if membership.user not in found[membership.unit_id]:
            found[membership.unit_id].append(membership.user)
    return found


def _stage(days_left: int) -> tuple[str, str] | None:
    """(kind, stage) for a report due in `days_left` days, None when nothing is due yet."""
    if days_left < 0:
        return (Kind.REPORT_LATE, "late") if -days_left <= CATCH_UP_DAYS else None
    if days_left == 0:
        return Kind.REPORT_DUE_TODAY, "today"
    reached = [n for n in settings.CHITIEU_REMIND_DAYS_BEFORE if n >= days_left]
    if not reached:
        return None
    return Kind.REPORT_DUE_SOON, f"before-{min(reached)}"


def _report_message(owed: Outstanding, today: datetime.date) -> tuple[str, str]:
    names = {
        "directive": owed.directive.code,
        "period": owed.period.label,
        "unit": owed.unit_name,
        "due": vn.format_date(owed.due_on),
    }
    days = owed.days_left(today)
    if days < 0:
        title = _("Báo cáo %(directive)s, %(period)s của %(unit)s đã quá hạn") % names
        body = ngettext(
            "Hạn nộp là ngày %(due)s; báo cáo đã chậm %(count)s ngày.",
            "Hạn nộp là ngày %(due)s; báo cáo đã chậm %(count)s ngày.",
            -days,
        ) % {**names, "count": -days}
    elif days == 0:
        title = _("Hôm nay là hạn nộp báo cáo %(directive)s, %(period)s của %(unit)s") % names
        body = _("Hạn nộp là hôm nay, ngày %(due)s.") % names
    else:
        title = _("Báo cáo %(directive)s, %(period)s của %(unit)s sắp đến hạn") % names
        body = ngettext(
            "Hạn nộp là ngày %(due)s, còn %(count)s ngày.",
            "Hạn nộp là ngày %(due)s, còn %(count)s ngày.",
            days,
        ) % {**names, "count": days}
    return title, body


def remind_reports_due(*, today: datetime.date) -> int:
    """Tell a unit's reporters and head N days before a report is due (each N in
    CHITIEU_REMIND_DAYS_BEFORE), on the due date, and once when it is late."""
    owed = [o for o in outstanding_reports() if _stage(o.days_left(today))]
    staff = _members({o.unit.pk for o in owed}, STAFF_ROLES)
    sent = 0
    for item in owed:
        kind, stage = _stage(item.days_left(today))
        title, body = _report_message(item, today)
        for user in staff[item.unit.pk]:
            key = f"{kind}:{stage}:{item.key}:{user.pk}"
            url = reverse("reports:my_reports")
            sent += bool(notify(user=user, kind=kind, key=key, title=title, body=body, url=url))
    return sent


def escalate_late_reports(*, today: datetime.date) -> int:
    """A report late by more than CHITIEU_ESCALATION_GRACE_DAYS: the supervising unit's head
    (the district for a commune, the province for a department) is told, once."""
    grace = settings.CHITIEU_ESCALATION_GRACE_DAYS
    late = [
        o
        for o in outstanding_reports()
        if grace < -o.days_left(today) <= grace + CATCH_UP_DAYS and o.unit.parent_id
    ]
    heads = _members({o.unit.parent_id for o in late}, (Role.UNIT_HEAD,))
    sent = 0
    for item in late:
        names = {
            "unit": item.unit_name,
            "directive": item.directive.code,
            "period": item.period.label,
            "due": vn.format_date(item.due_on),
            "count": -item.days_left(today),
        }
        title = _("%(unit)s chưa gửi báo cáo %(directive)s, %(period)s") % names
        body = (
            ngettext(
                "Hạn nộp là ngày %(due)s; đơn vị trực thuộc đã chậm %(count)s ngày.",
                "Hạn nộp là ngày %(due)s; đơn vị trực thuộc đã chậm %(count)s ngày.",
                names["count"],
            )
            % names
        )
        url = f"{reverse('units:list')}?q={item.unit.code}"
        for user in heads[item.unit.parent_id]:
            key = f"{Kind.ESCALATION}:{item.key}:{user.pk}"
            sent += bool(
                notify(user=user, kind=Kind.ESCALATION, key=key, title=title, body=body, url=url)
            )
    return sent


def _reviewers_of(submission: Submission) -> Iterator[User]:
    """Reviewers (not admins) who may review the submission, delegation included."""
    above = Unit.objects.ancestors(submission.unit, include_self=True)
    memberships = Membership.objects.filter(
        unit__in=above, role=Role.REVIEWER, user__is_active=True
    ).select_related("user")
    seen = set()
    for membership in memberships.order_by("user_id"):
        user = membership.user
        if user.pk not in seen and permissions.allowed(
            user, permissions.Action.SUBMISSION_REVIEW, submission
        ):
            seen.add(user.pk)
            yield user


def remind_reviews_waiting(*, today: datetime.date) -> int:
    """Reviewers are told of a report sent more than CHITIEU_REVIEW_REMIND_WORKING_DAYS
    working days ago and still not reviewed; a report sent again after a return counts anew."""
    days = settings.CHITIEU_REVIEW_REMIND_WORKING_DAYS
    waiting = Submission.objects.filter(status=Submission.Status.SUBMITTED).select_related(
        "unit", "unit__level", "period", "directive"
    )
    waiting = list(waiting.order_by("submitted_at", "id"))
    then = unit_names(s.unit for s in waiting)  # each as on its period's last day
    sent = 0
    for submission in waiting:
        sent_on = timezone.localdate(submission.submitted_at)
        waited_until = working_day_after(sent_on, days)
        if not 0 < (today - waited_until).days <= CATCH_UP_DAYS:
            continue
        names = {
            "unit": then.on(submission.unit, submission.period.ends_on),
            "directive": submission.directive.code,
            "period": submission.period.label,
            "sent": vn.format_date(sent_on),
            "count": days,
        }
        title = _("Báo cáo %(directive)s, %(period)s của %(unit)s đang chờ thẩm định") % names
        body = (
            ngettext(
                "Báo cáo gửi ngày %(sent)s, đã chờ quá %(count)s ngày làm việc.",
                "Báo cáo gửi ngày %(sent)s, đã chờ quá %(count)s ngày làm việc.",
                days,
            )
            % names
        )
        url = reverse("reports:review", args=[submission.pk])
        stamp = submission.submitted_at.isoformat()
        for user in _reviewers_of(submission):
            key = f"{Kind.REVIEW_WAITING}:{submission.pk}:{stamp}:{user.pk}"
            sent += bool(
                notify(
                    user=user, kind=Kind.REVIEW_WAITING, key=key, title=title, body=body, url=url
                )
            )
    return sent
