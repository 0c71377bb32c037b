"""Data for the concurrent-writes test, written into the SQLite file its server uses: run as
`manage.py shell -c "from tests.security.concurrent_seed import main; main()"`; prints JSON."""

from __future__ import annotations

import json
from decimal import Decimal

from reports.submissions.services import submission_save, submission_start
from reports.submissions.validation import TaskInput, ValueInput
from tests.conftest import make_province
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

VALUES = [
    ValueInput("DOCS_SIGNED", numerator=Decimal(45), denominator=Decimal(60)),
    ValueInput("IT_OFFICERS", value=Decimal(2)),
]
TASKS = [
    TaskInput("1", status="in_progress", progress="Đang cấp chứng thư số"),
    TaskInput("2", status="in_progress", progress="Duy trì hằng ngày"),
]


def main() -> None:
    province = make_province()
    setup = district_directive(province)
    found = {}
    for name, unit in (("ready", province.district), ("draft", province.other_district)):
        head = user_with_role(Role.UNIT_HEAD, unit, username=f"head-{name}")
        report = submission_start(
            unit=unit, period=setup.period, directive=setup.directive, by=head
        )
        if name == "ready":
            submission_save(submission=report, version=1, values=VALUES, tasks=TASKS, by=head)
        report.refresh_from_db()
        found[name] = {"id": report.pk, "version": report.version, "username": head.username}
    print(json.dumps(found))
