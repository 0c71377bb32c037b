"""An export of an old period names each unit as on the period's last day: Sở Thông tin và
Truyền thông reported Q4/2016 and was renamed on 1/7/2025 (tests/reports/submissions/
test_unit_names_then.py); its rows in the workbook and the PDF keep the old name."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.restate_fixtures import DOCUMENT, MERGED_ON, Merger
from tests.reports.compliance.restate_fixtures import NEW_NAME as NEW
from tests.reports.compliance.restate_fixtures import OLD_NAME as OLD
from tests.reports.exports.export_helpers import pdf_text
from units.models import Role
from units.selectors import names_on
from units.services import unit_rename

pytestmark = pytest.mark.django_db


def exported(province: Province, renamed: Merger, format: str, capture) -> bytes:
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    body = {"format": format, "directive": renamed.directive.pk, "period": renamed.period.pk}
    with capture(execute=True):
        answer = client.post("/api/v1/exports/", body, format="json")
    assert answer.status_code == 202, answer.data
    return b"".join(client.get(f"/api/v1/exports/{answer.data['id']}/download/").streaming_content)


def test_the_names_renamed_since_a_day_are_read_in_one_query(
    renamed: Merger, province: Province, django_assert_num_queries
) -> None:
    unit_rename(unit=province.dic, new_name="Sở thứ ba", effective_on=MERGED_ON.replace(2026),
                legal_document=DOCUMENT, by=None)  # fmt: skip
    with django_assert_num_queries(1):
        assert names_on(renamed.period.ends_on) == {province.dic.pk: OLD}
    with django_assert_num_queries(1):
        assert names_on(MERGED_ON) == {province.dic.pk: NEW}


def test_the_workbook_of_an_old_period_keeps_the_old_name(
    renamed: Merger, province: Province, django_capture_on_commit_callbacks
) -> None:
    data = exported(province, renamed, "xlsx", django_capture_on_commit_callbacks)
    book = load_workbook(io.BytesIO(data), read_only=True)
    names = {
        sheet.title: {
            row[1] for row in sheet.iter_rows(values_only=True) if row and row[0] == "VP-STTTT"
        }
        for sheet in book.worksheets
    }
    assert names["Số liệu đơn vị"] == {OLD}
    assert names["Tình hình báo cáo"] == {OLD}
    assert names["Tiến độ nhiệm vụ"] == {OLD}


def test_the_pdf_of_an_old_period_keeps_the_old_name(
    renamed: Merger, province: Province, django_capture_on_commit_callbacks
) -> None:
    text = " ".join(pdf_text(exported(province, renamed, "pdf",
                                      django_capture_on_commit_callbacks)).split())  # fmt: skip
    assert OLD in text and NEW not in text
