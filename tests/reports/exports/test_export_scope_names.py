"""An export's scope and its units not restated are named as on the period's dates (restated:
the scope as on the day restated onto): the province's root renamed on 1/7/2025, Sở Nội vụ
renamed on 1/1/2020 and abolished on 1/7/2025 (restate_fixtures.build_renamed_history)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reports.exports.models import Export
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.restate_fixtures import (
    HOME_LATER,
    HOME_THEN,
    NEW_ROOT,
    OLD_ROOT,
    Merger,
    build_renamed_history,
)
from tests.reports.exports.export_helpers import pdf_text
from units.models import Role
from units.services import unit_rename

pytestmark = pytest.mark.django_db
APART = "Đã giải thể, không có đơn vị kế thừa"


@pytest.fixture
def history(province: Province) -> Merger:
    return build_renamed_history(province)


@pytest.fixture
def officer(province: Province):
    return user_with_role(Role.REVIEWER, province.root)


def exported(officer, history: Merger, format: str, capture, **how: str) -> tuple[int, bytes]:
    client = APIClient()
    client.force_authenticate(officer)
    body = {"format": format, "directive": history.directive.pk, "period": history.period.pk,
            **how}  # fmt: skip
    with capture(execute=True):
        answer = client.post("/api/v1/exports/", body, format="json")
    assert answer.status_code == 202, answer.data
    pk = answer.data["id"]
    return pk, b"".join(client.get(f"/api/v1/exports/{pk}/download/").streaming_content)


def heading_and_rows(data: bytes) -> tuple[list[str], list[tuple]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    return [row[0] for row in rows if row and isinstance(row[0], str)], rows


def test_the_workbook_states_its_scope_and_units_apart_under_their_names_then(
    officer, history: Merger, django_capture_on_commit_callbacks
) -> None:
    _, data = exported(officer, history, "xlsx", django_capture_on_commit_callbacks)
    lines, _ = heading_and_rows(data)
    assert any(line.startswith(f"Phạm vi số liệu: {OLD_ROOT} (toàn tỉnh);") for line in lines)
    _, data = exported(officer, history, "xlsx", django_capture_on_commit_callbacks,
                       structure="current", on="2025-07-01")  # fmt: skip
    lines, rows = heading_and_rows(data)
    assert any(line.startswith(f"Phạm vi số liệu: {NEW_ROOT} (toàn tỉnh);") for line in lines)
    assert ("VP-SNV", HOME_THEN, APART) in rows  # the sheet of units not restated
    assert not any(HOME_LATER in str(cell) for row in rows for cell in row)


def test_the_pdf_lists_units_apart_under_their_names_then(
    officer, history: Merger, django_capture_on_commit_callbacks
) -> None:
    _, data = exported(officer, history, "pdf", django_capture_on_commit_callbacks,
                       structure="current", on="2025-07-01")  # fmt: skip
    text = " ".join(pdf_text(data).split())
    assert f"{HOME_THEN} (VP-SNV): {APART}" in text and HOME_LATER not in text


def test_the_pdf_of_a_units_subtree_names_it_as_on_the_period(
    officer, province: Province, history: Merger, django_capture_on_commit_callbacks
) -> None:
    unit_rename(unit=province.dic, new_name="Sở Khoa học và Công nghệ (mới)",
                effective_on=history.period.ends_on.replace(2025), legal_document="QĐ 9",
                by=None)  # fmt: skip
    _, data = exported(officer, history, "pdf", django_capture_on_commit_callbacks,
                       unit=province.dic.code)  # fmt: skip
    text = " ".join(pdf_text(data).split())
    assert f"{history.period.label} — Sở Thông tin và Truyền thông" in text
    assert "Sở Khoa học và Công nghệ (mới)" not in text


def test_the_export_pages_name_the_scope_as_on_each_files_day(
    officer, history: Merger, django_capture_on_commit_callbacks
) -> None:
    historic, _ = exported(officer, history, "xlsx", django_capture_on_commit_callbacks)
    restated, _ = exported(officer, history, "xlsx", django_capture_on_commit_callbacks,
                           structure="current", on="2025-07-01")  # fmt: skip
    client = Client()
    client.force_login(officer)
    detail = client.get(reverse("reports:export_detail", args=[historic])).content.decode()
    assert f"Phạm vi: {OLD_ROOT} ·" in detail
    detail = client.get(reverse("reports:export_detail", args=[restated])).content.decode()
    assert f"Phạm vi: {NEW_ROOT} ·" in detail
    rows = dict(client.get(reverse("reports:exports")).context["rows"])
    assert rows == {Export.objects.get(pk=historic): OLD_ROOT,
                    Export.objects.get(pk=restated): NEW_ROOT}  # fmt: skip
