"""Helpers of the Excel template tests: a report to fill, the template downloaded and uploaded
again through the pages, its rows found by key."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl.workbook.workbook import Workbook

from indicators.models import Indicator
from reports.submissions import excel
from reports.submissions.models import Submission
from reports.submissions.services import submission_save, submission_start
from tests.conftest import Province
from tests.factories import (
    DirectiveFactory,
    IndicatorFactory,
    PeriodFactory,
    RatioIndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    TaskAssigneeFactory,
    TaskFactory,
    level,
)
from units.models import User

VALUES, TASKS = "Chỉ số", "Nhiệm vụ"


def make_report(province: Province, user: User, *, indicators: int = 0) -> Submission:
    """A district's draft on a directive with a ratio, a count and a yes/no indicator (plus
    `indicators` more counts), a task it leads and one it supports."""
    directive = DirectiveFactory(report_to=province.dic, reporting=["quarter"])
    lead = TaskFactory(
        directive=directive,
        number="1",
        title="Triển khai chữ ký số",
        position=1,
        due_on=datetime.date(2016, 12, 31),
    )
    TaskAssigneeFactory(task=lead, unit=province.district)
    support = TaskFactory(directive=directive, number="2.a", title="Trực an toàn", position=2)
    TaskAssigneeFactory(task=support, unit=None, level=level("district"), role="support")
    kinds = [
        RatioIndicatorFactory(code="KY_SO"),
        IndicatorFactory(code="DVC", kind=Indicator.Kind.COUNT, display_unit="dịch vụ"),
        IndicatorFactory(code="CO_TRUC", kind=Indicator.Kind.BOOLEAN, display_unit=""),
    ]
    kinds += [IndicatorFactory(code=f"SO_{n:02d}") for n in range(indicators)]
    for position, indicator in enumerate(kinds):
        target = TargetFactory(
            task=lead, indicator=indicator, position=position, value=Decimal("1")
        )
        TargetScopeFactory(target=target, unit=province.district, level=None)
    return submission_start(
        unit=province.district, period=PeriodFactory(), directive=directive, by=user
    )


@pytest.fixture
def report(province: Province, unit_user: User) -> Submission:
    return make_report(province, unit_user)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def download(client: Client, submission: Submission) -> Workbook:
    response = client.get(reverse("reports:excel_template", args=[submission.pk]))
    assert response.status_code == 200, response.status_code
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(client: Client, submission: Submission, book: Workbook | bytes):
    if isinstance(book, Workbook):
        out = io.BytesIO()
        book.save(out)
        book = out.getvalue()
    file = SimpleUploadedFile("bao-cao.xlsx", book, content_type=excel.CONTENT_TYPE)
    return client.post(reverse("reports:excel_upload", args=[submission.pk]), {"file": file})


def row_of(ws, key: str) -> int:
    return next(r for r in range(excel.FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == key)


def report_url(submission: Submission) -> str:
    return reverse("reports:edit", args=[submission.pk])


def problems_of(response) -> list[str]:
    assert response.status_code == 400, response.status_code
    return [str(p) for p in response.context["error"].problems]


def save(submission: Submission, user: User, values=(), tasks=()) -> None:
    submission.refresh_from_db()
    submission_save(
        submission=submission,
        version=submission.version,
        values=list(values),
        tasks=list(tasks),
        by=user,
    )


def fill(book: Workbook) -> Workbook:
    values, tasks = book[VALUES], book[TASKS]
    values[f"F{row_of(values, 'KY_SO')}"] = 45
    values[f"G{row_of(values, 'KY_SO')}"] = "1.234,5"  # text in Vietnamese format
    values[f"H{row_of(values, 'DVC')}"] = 12
    values[f"I{row_of(values, 'DVC')}"] = "Tính cả dịch vụ mức 4"
    values[f"H{row_of(values, 'CO_TRUC')}"] = "Có"
    tasks[f"E{row_of(tasks, '1')}"] = "Hoàn thành"
    tasks[f"F{row_of(tasks, '1')}"] = datetime.datetime(2016, 3, 1)
    tasks[f"G{row_of(tasks, '1')}"] = "Đã ký số 100% văn bản đi"
    tasks[f"E{row_of(tasks, '2.a')}"] = "Đang thực hiện"
    tasks[f"H{row_of(tasks, '2.a')}"] = "Thiếu kinh phí"
    return book


def unchanged(submission: Submission) -> bool:
    before = submission.version
    submission.refresh_from_db()
    return (
        submission.version == before
        and not submission.values.exists()
        and not submission.task_updates.exists()
    )


# The template -------------------------------------------------------------------------------
