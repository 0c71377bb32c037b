"""The demo: two provinces of 2026 (Phú Thọ, Lâm Đồng) with their history before the 2025
reorganisation (Vĩnh Phúc, Bình Thuận), the three seed directives as finished history, and an
example plan in force today. Every date of the plan comes from the day it is loaded.

Everything is deterministic (seeded per report) and idempotent: running it again adds
nothing that is already there (on another day, only what that day adds).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from directives.models import Directive
from directives.services import directive_import
from reports.compliance.services import compliance_pairs, compliance_recompute
from reports.demo.history import dti_results, finished_history, ict_index_history
from reports.demo.people import demo_notifications, demo_users, province_profiles
from reports.demo.today import plan_today, province_decisions
from reports.demo.writing import Scopes
from units.changes import unit_changes_import
from units.models import Role, Unit, User
from units.services import units_import

DATA = Path(settings.BASE_DIR) / "data"
# Before the 2025 reorganisation: imported once (a second run must not undo the changes).
HISTORIC_UNITS = {"VP": "vinh_phuc.csv", "BT": "binh_thuan.csv"}
NEW_UNITS = ["phu_tho_2025.csv", "lam_dong_2025.csv"]
SEED_DIRECTIVES = [
    "vinh_phuc_chi_thi_ung_dung_cntt_2015.yaml",
    "vinh_phuc_ke_hoach_36a_chinh_phu_dien_tu.yaml",
    "binh_thuan_chi_thi_ict_index_2018.yaml",
]
PLANS = ["phu_tho_ke_hoach_cds_minh_hoa.yaml", "lam_dong_ke_hoach_cds_minh_hoa.yaml"]
# Whose reviewer signs a directive's reviews, by the code prefix of the unit it reports to: the
# province of today (the history of Vĩnh Phúc is read in Phú Thọ, Bình Thuận's in Lâm Đồng).
PROVINCE_TODAY = {"VP": "PT", "BT": "LD", "PT": "PT", "LD": "LD"}


@dataclass
class DemoSummary:
    units: list[str] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)
    periods: int = 0
    submissions: int = 0
    notifications: int = 0
    users: list[tuple[str, str, str]] = field(default_factory=list)


def build_demo(*, password: str, today: datetime.date | None = None) -> DemoSummary:
    today = today or timezone.localdate()
    summary = DemoSummary()
    call_command("load_holidays", str(DATA / "holidays" / "vietnam.csv"), verbosity=0)
    for root, name in HISTORIC_UNITS.items():
        if not Unit.objects.filter(code=root).exists():
            summary.units.append(
                f"{name}: {units_import(data=(DATA / 'units' / name).read_bytes())}"
            )
    for name in NEW_UNITS:
        summary.units.append(f"{name}: {units_import(data=(DATA / 'units' / name).read_bytes())}")
    # The seeds name units the 2025 changes close: imported before the changes, and once.
    for name in SEED_DIRECTIVES:
        summary.directives.append(_import_once(DATA / "directives" / name))
    for path in sorted((DATA / "unit_changes").glob("*.yaml")):
        summary.units.append(f"{path.name}: {unit_changes_import(data=path.read_bytes())}")
    for name in PLANS:
        summary.directives.append(_import_once(DATA / "directives" / name))
    province_profiles()
    summary.users = demo_users(password)
    scopes = Scopes()
    for code in summary.directives:
        directive = Directive.objects.select_related("report_to").get(code=code)
        reviewer = _reviewer_for(directive)
        if code.endswith("-MINHHOA"):
            periods, made = plan_today(directive, reviewer, scopes, today)
        else:
            periods, made = finished_history(directive, reviewer, scopes)
        summary.periods += periods
        summary.submissions += made
    province_decisions(today)
    ict_index_history()
    dti_results()
    # The reports above were written directly: compute the figures they give once, at the end.
    for directive, period in compliance_pairs():
        compliance_recompute(directive=directive, period=period)
    summary.notifications = demo_notifications(today)
    return summary


def _reviewer_for(directive: Directive) -> User | None:
    root = PROVINCE_TODAY.get(directive.report_to.code.split("-")[0], "")
    reviewers = User.objects.filter(memberships__role=Role.REVIEWER).order_by("pk")
    return reviewers.filter(memberships__unit__code=root).first() or reviewers.first()


def _import_once(path: Path) -> str:
    """The directive's code; the file is imported only when the code is new (a second run
    must not re-read a seed whose units have closed since)."""
    code = str(yaml.safe_load(path.read_text(encoding="utf-8"))["directive"]["code"])
    if not Directive.objects.filter(code=code).exists():
        directive_import(data=path.read_bytes())
    return code
