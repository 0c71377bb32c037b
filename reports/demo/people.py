"""Demo accounts of the two 2026 provinces, their province profiles, and what each account
finds in its notifications on the day the demo is loaded."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse

from notifications.models import Kind, Notification
from notifications.reminders import (
    escalate_late_reports,
    outstanding_reports,
    remind_reports_due,
    remind_reviews_waiting,
)
from notifications.services import notify
from reports.periods.models import Period
from reports.periods.selectors import open_in
from reports.submissions.models import Submission
from units.models import Membership, ProvinceProfile, Role, Unit, User
from units.permissions import root_id_of
from units.selectors import unit_subtree

# (username, full name, role, unit code); every demo user shares the demo password.
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, "PT"),
    ("canbo.skhcn", "Nguyễn Thị Thu Hà", Role.REVIEWER, "PT"),
    ("lanhdao.tinh", "Trần Văn Quang", Role.LEADER, "PT"),
    ("lanhdao.vinhyen", "Lê Minh Đức", Role.LEADER, "PT-VINHYEN"),
    ("baocao.snv", "Phạm Thị Hương", Role.REPORTER, "PT-SNV"),
    ("truong.snv", "Đỗ Văn Hùng", Role.UNIT_HEAD, "PT-SNV"),
    ("baocao.vinhyen", "Hoàng Thị Lan", Role.REPORTER, "PT-VINHYEN"),
    ("truong.vinhyen", "Vũ Đình Khải", Role.UNIT_HEAD, "PT-VINHYEN"),
    ("baocao.tamdao", "Ngô Thị Mai", Role.REPORTER, "PT-TAMDAO"),
    ("canbo.lamdong", "Huỳnh Văn Tâm", Role.REVIEWER, "LD"),
    ("lanhdao.lamdong", "Nguyễn Văn Phong", Role.LEADER, "LD"),
    ("baocao.phanthiet", "Trương Thị Ngọc", Role.REPORTER, "LD-PHANTHIET"),
]
# The province profiles the header and the official report read (units.ProvinceProfile).
PROFILES = {
    "PT": "Phú Thọ",
    "LD": "Lâm Đồng",
}


def demo_users(password: str) -> list[tuple[str, str, str]]:
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


def province_profiles() -> None:
    for code, name in PROFILES.items():
        ProvinceProfile.objects.update_or_create(
            root=Unit.objects.get(code=code),
            defaults={
                "display_name": name,
                "owner_name": "Sở Khoa học và Công nghệ",
                "report_superior": f"UBND TỈNH {name.upper()}",
                "report_issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                "report_number": "{number}/BC-SKHCN",
                "report_place": name,
                "signer_for": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
                "signer_name": "",
                "recipients": f"UBND tỉnh {name} (để báo cáo);\nLưu: VT, CĐS.",
            },
        )


def demo_notifications(today: datetime.date) -> int:
    """The reminder jobs as Celery beat would run them today, then a digest of the reports of
    each account's units (so that every account, whatever its role, has something to read)."""
    sent = remind_reports_due(today=today)
    sent += escalate_late_reports(today=today)
    sent += remind_reviews_waiting(today=today)
    owed = outstanding_reports()
    for username, _name, _role, unit_code in DEMO_USERS:
        user = User.objects.get(username=username)
        sent += bool(_digest(user, Unit.objects.get(code=unit_code), owed, today))
    return sent


def _digest(user: User, unit: Unit, owed: list, today: datetime.date) -> Notification | None:
    area = set(unit_subtree(unit).values_list("pk", flat=True))
    counts = dict(
        Submission.objects.filter(unit_id__in=area)
        .filter(period__in=Period.objects.filter(open_in({root_id_of(unit)})))
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    mine = [o for o in owed if o.unit.pk in area]
    late = [o for o in mine if o.due_on < today]
    body = (
        f"Các kỳ báo cáo đang mở của {unit.name}: đã tiếp nhận {counts.get('accepted', 0)}, "
        f"chờ thẩm định {counts.get('submitted', 0)}, bị trả lại {counts.get('returned', 0)}, "
        f"đang soạn {counts.get('draft', 0)}; chưa gửi {len(mine)}, trong đó quá hạn {len(late)}."
    )
    return notify(
        user=user,
        kind=Kind.WEEKLY_DIGEST,
        key=f"demo-digest:{today.isoformat()}:{user.pk}",
        title=f"Tình hình báo cáo ngày {today:%d/%m/%Y} (dữ liệu minh họa)",
        body=body,
        url=reverse("reports:my_reports"),
    )
