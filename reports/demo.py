"""The demo province: real units and directives from data/, plus plausible report history.

Everything is deterministic (seeded per report) and idempotent: running it again adds
nothing that is already there.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from directives.models import Directive, Target
from directives.selectors import directive_reporting_units, unit_targets, unit_tasks
from directives.services import directive_import
from indicators.models import IndexEdition, Indicator
from indicators.services import external_figure_save, framework_import, index_result_save
from reports.compliance.services import compliance_pairs, compliance_recompute
from reports.periods.calendar import NUMBERS_PER_YEAR
from reports.periods.models import Period
from reports.periods.selectors import due_on_for
from reports.periods.services import period_open
from reports.submissions.models import IndicatorValue, Submission, SubmissionEvent, TaskUpdate
from units.models import Membership, Role, Unit, User
from units.permissions import root_id_of
from units.services import units_import

DATA = Path(settings.BASE_DIR) / "data"
# (username, full name, role, unit code); every demo user shares the demo password.
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, "VP"),
    ("canbo.stttt", "Nguyễn Thị Thu Hà", Role.REVIEWER, "VP"),
    ("lanhdao.tinh", "Trần Văn Quang", Role.LEADER, "VP"),
    ("lanhdao.vinhyen", "Lê Minh Đức", Role.LEADER, "VP-VINHYEN"),
    ("baocao.snv", "Phạm Thị Hương", Role.REPORTER, "VP-SNV"),
    ("truong.snv", "Đỗ Văn Hùng", Role.UNIT_HEAD, "VP-SNV"),
    ("baocao.vinhyen", "Hoàng Thị Lan", Role.REPORTER, "VP-VINHYEN"),
    ("truong.vinhyen", "Vũ Đình Khải", Role.UNIT_HEAD, "VP-VINHYEN"),
    ("baocao.lienbao", "Ngô Thị Mai", Role.REPORTER, "VP-VINHYEN-LIENBAO"),
    ("canbo.binhthuan", "Huỳnh Văn Tâm", Role.REVIEWER, "BT"),
]
PROGRESS = [
    "Đã ban hành kế hoạch triển khai tại đơn vị; tổ chức quán triệt đến toàn thể cán bộ, công chức.",
    "Đã triển khai phần mềm quản lý văn bản và điều hành; 100% văn bản đến được số hóa.",
    "Đang phối hợp với Sở Thông tin và Truyền thông hoàn thiện hạ tầng mạng nội bộ.",
    "Đã cử cán bộ tham gia lớp bồi dưỡng về an toàn thông tin do Sở tổ chức.",
    "Tiếp tục duy trì, cập nhật thông tin trên trang thông tin điện tử của đơn vị.",
]
DIFFICULTIES = [
    "Kinh phí đầu tư hạ tầng còn hạn chế; máy tính nhiều năm chưa được thay thế.",
    "Thiếu cán bộ chuyên trách CNTT, cán bộ hiện tại phải kiêm nhiệm.",
    "Đường truyền Internet tại một số xã chưa ổn định.",
    "",
]
PROPOSALS = [
    "Đề nghị UBND tỉnh bố trí kinh phí nâng cấp hạ tầng CNTT năm tới.",
    "Đề nghị Sở Thông tin và Truyền thông tổ chức thêm lớp tập huấn sử dụng chữ ký số.",
    "",
]
# Typical headcount behind a ratio, by level.
BASE_SIZE = {
    "province": (60, 120),
    "department": (40, 160),
    "agency": (20, 60),
    "district": (120, 320),
    "commune": (15, 40),
    "enterprise": (50, 300),
}


@dataclass
class DemoSummary:
    units: list[str] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)
    periods: int = 0
    submissions: int = 0
    users: list[tuple[str, str, str]] = field(default_factory=list)


def build_demo(*, password: str) -> DemoSummary:
    summary = DemoSummary()
    call_command("load_holidays", str(DATA / "holidays" / "vietnam.csv"), verbosity=0)
    for path in sorted((DATA / "units").glob("*.csv")):
        summary.units.append(f"{path.name}: {units_import(data=path.read_bytes())}")
    for path in sorted((DATA / "directives").glob("*.yaml")):
        result = directive_import(data=path.read_bytes())
        summary.directives.append(result.directive.code)
    summary.users = _users(password)
    for directive in Directive.objects.order_by("issued_on", "code"):
        periods = _periods(directive)
        summary.periods += len(periods)
        for index, period in enumerate(periods):
            summary.submissions += _reports(
                directive,
                period,
                latest=index == len(periods) - 1,
                progress=(index + 1) / len(periods),
            )
    _ict_index_history()
    _dti_results()
    # The reports above were written directly: compute the figures they give once, at the end.
    for directive, period in compliance_pairs():
        compliance_recompute(directive=directive, period=period)
    return summary


# Bình Thuận's Vietnam ICT Index rank as its Chỉ thị quotes it (seed 002): the province's
# Sở TT&TT enters each year's published rank with its source, for the trends page.
ICT_INDEX_HISTORY = {2015: 22, 2016: 27, 2017: 35}
# Vĩnh Phúc's DTI as published (illustrative figures on the example editions in data/index):
# year -> (total, rank, {pillar: score}).
DTI_RESULTS = {
    2022: (512.4, 18, {"CQS": 221.5, "HTS": 160.2, "NTS": 130.7}),
    2023: (561.9, 14, {"CQS": 190.3, "HTS": 205.1, "NTS": 166.5}),
}


@transaction.atomic
def _ict_index_history() -> None:
    directive = Directive.objects.filter(code="BT-CT-ICT-2018").first()
    if directive is None:
        return
    indicator = Indicator.objects.get(code="ICT_INDEX_RANK")
    officer = User.objects.get(username="canbo.binhthuan")
    province = Unit.objects.get(pk=root_id_of(directive.report_to))
    for year, rank in ICT_INDEX_HISTORY.items():
        period = period_open(kind="year", year=year, number=1)
        Period.objects.filter(pk=period.pk).update(status=Period.Status.CLOSED)
        external_figure_save(
            province=province, indicator=indicator, year=year, value=Decimal(rank),
            source_document=f"Báo cáo Chỉ số sẵn sàng cho phát triển và ứng dụng CNTT-TT Việt Nam "
            f"năm {year}", source_date=datetime.date(year + 1, 6, 30), by=officer,
        )  # fmt: skip


@transaction.atomic
def _dti_results() -> None:
    """The example DTI editions, and Vĩnh Phúc's published results on them."""
    officer = User.objects.get(username="canbo.stttt")
    province = Unit.objects.get(code="VP")
    for year, (total, rank, pillars) in DTI_RESULTS.items():
        edition = IndexEdition.objects.filter(framework__code="DTI", year=year).first()
        if edition is None:
            edition = framework_import(data=(DATA / "index" / f"dti-{year}.yaml").read_bytes())
        source = {"source_document": f"Báo cáo Chỉ số chuyển đổi số cấp tỉnh năm {year}",
                  "source_date": datetime.date(year + 1, 5, 15), "by": officer}  # fmt: skip
        index_result_save(edition=edition, province=province, node=None,
                          score=Decimal(str(total)), rank=rank, **source)  # fmt: skip
        for code, score in pillars.items():
            node = edition.nodes.get(code=code)
            index_result_save(edition=edition, province=province, node=node,
                              score=Decimal(str(score)), rank=None, **source)  # fmt: skip


def _users(password: str) -> list[tuple[str, str, str]]:
    created = []
    for username, full_name, role, unit_code in DEMO_USERS:
        unit = Unit.objects.get(code=unit_code)
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        user.full_name = full_name
        user.is_staff = role in (Role.ADMIN, Role.REVIEWER)
        user.is_superuser = username == "admin"
        user.set_password(password)
        user.save()
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
        created.append((username, Role(role).label, unit.name))
    return created


def _periods(directive: Directive) -> list[Period]:
    """Two years of periods from the directive's start, the last one left open."""
    first_year = directive.effective_from.year
    periods = []
    for year in (first_year, first_year + 1):
        for kind in directive.reporting:
            for number in range(1, NUMBERS_PER_YEAR[kind] + 1):
                period = period_open(kind=kind, year=year, number=number)
                if period.ends_on >= directive.effective_from:
                    periods.append(period)
    periods.sort(key=lambda p: (p.ends_on, p.kind))
    for period in periods[:-1]:
        if period.status == Period.Status.OPEN:
            period.status = Period.Status.CLOSED
            period.save(update_fields=["status"])
    return periods


@transaction.atomic
def _reports(directive: Directive, period: Period, *, latest: bool, progress: float) -> int:
    reviewer = User.objects.filter(memberships__role=Role.REVIEWER).order_by("pk").first()
    due = due_on_for(period, directive)
    made = 0
    for unit in directive_reporting_units(directive, on=period.ends_on):
        if Submission.objects.filter(unit=unit, period=period, directive=directive).exists():
            continue
        # One seed per report: the same report comes out the same on every run.
        rng = random.Random(
            f"{directive.code}|{period.kind}|{period.year}|{period.number}|{unit.code}"
        )
        draw = rng.random()
        if latest and draw < 0.25:
            continue  # not started yet
        status = Submission.Status.ACCEPTED
        if latest:
            status = (
                Submission.Status.DRAFT
                if draw < 0.4
                else Submission.Status.RETURNED
                if draw < 0.5
                else Submission.Status.SUBMITTED
                if draw < 0.8
                else status
            )
        _one_report(directive, period, unit, status, due, reviewer, rng, progress)
        made += 1
    return made


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _one_report(
    directive: Directive,
    period: Period,
    unit: Unit,
    status: str,
    due: datetime.date,
    reviewer: User | None,
    rng: random.Random,
    progress: float,
) -> None:
    late = rng.random() < 0.15
    sent_on = (
        due + datetime.timedelta(days=rng.randint(1, 6))
        if late
        else due - datetime.timedelta(days=rng.randint(0, 5))
    )
    sent = status != Submission.Status.DRAFT
    reviewed = status in (Submission.Status.ACCEPTED, Submission.Status.RETURNED)
    submission = Submission.objects.create(
        unit=unit,
        period=period,
        directive=directive,
        status=status,
        version=3 if reviewed else 2,
        submitted_at=_at(sent_on, 9) if sent else None,
        is_late=late if sent else None,
        reviewed_at=_at(sent_on + datetime.timedelta(days=2), 15) if reviewed else None,
        reviewed_by=reviewer if reviewed else None,
        review_comment="Đề nghị bổ sung tệp minh chứng cho số liệu chữ ký số."
        if status == Submission.Status.RETURNED
        else "",
    )
    lagging = rng.random() < 0.2
    seen: set[int] = set()
    values = []
    for target in unit_targets(directive, unit):
        if target.indicator_id in seen:
            continue
        seen.add(target.indicator_id)
        values.append(_value(submission, target, unit, rng, progress, lagging))
    IndicatorValue.objects.bulk_create([v for v in values if v is not None])
    TaskUpdate.objects.bulk_create(
        [
            TaskUpdate(
                submission=submission,
                task=task,
                status=TaskUpdate.Status.IN_PROGRESS
                if rng.random() < 0.7
                else TaskUpdate.Status.DONE_ON_TIME,
                progress=rng.choice(PROGRESS),
                difficulties=rng.choice(DIFFICULTIES),
                proposals=rng.choice(PROPOSALS),
            )
            for task in unit_tasks(directive, unit)
        ]
    )
    events = [(SubmissionEvent.Action.CREATE, "", "draft", sent_on - datetime.timedelta(days=7))]
    if sent:
        events.append((SubmissionEvent.Action.SUBMIT, "draft", "submitted", sent_on))
    if reviewed:
        events.append(
            (
                SubmissionEvent.Action(
                    status.replace("accepted", "accept").replace("returned", "return")
                ),
                "submitted",
                status,
                sent_on + datetime.timedelta(days=2),
            )
        )
    SubmissionEvent.objects.bulk_create(
        [
            SubmissionEvent(
                submission=submission,
                action=action,
                from_status=before,
                to_status=after,
                at=_at(day, 10),
                version=i + 1,
                by=reviewer if action in ("accept", "return") else None,
            )
            for i, (action, before, after, day) in enumerate(events)
        ]
    )


def _value(
    submission: Submission,
    target: Target,
    unit: Unit,
    rng: random.Random,
    progress: float,
    lagging: bool,
) -> IndicatorValue | None:
    kind = target.indicator.kind
    reach = progress * (0.55 if lagging else 1.0)
    if kind == Indicator.Kind.RATIO:
        low, high = BASE_SIZE.get(unit.level.code, (20, 100))
        denominator = rng.randint(low, high)
        share = min(1.0, (0.35 + 0.7 * reach) * float(target.value) / 100 + rng.uniform(-0.05, 0.1))
        numerator = max(0, min(denominator, round(denominator * share)))
        return IndicatorValue(
            submission=submission,
            indicator=target.indicator,
            numerator=numerator,
            denominator=denominator,
            value=Decimal(100 * numerator) / denominator,
        )
    if kind == Indicator.Kind.BOOLEAN:
        value = Decimal(1 if rng.random() < 0.3 + 0.7 * reach else 0)
    elif kind == Indicator.Kind.RANK:
        return None  # an external index, entered by the province itself
    else:
        goal = float(target.value)
        value = Decimal(max(0, round(goal * (0.4 + 0.8 * reach) + rng.uniform(-1, 1))))
    return IndicatorValue(submission=submission, indicator=target.indicator, value=value)
