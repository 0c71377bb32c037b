"""Both exports can carry restated figures: the PDF and the workbook say which structure their
figures are in, show the restated values and list the units that could not be restated."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.restate_fixtures import Merger, abolish, build_merger
from tests.reports.exports.export_helpers import pdf_text
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def merger(province: Province) -> Merger:
    merger = build_merger(province)
    abolish(province)
    return merger


def exported(client: APIClient, merger: Merger, format: str, capture, **how) -> bytes:
    body = {"format": format, "directive": merger.directive.pk, "period": merger.period.pk, **how}
    with capture(execute=True):
        answer = client.post("/api/v1/exports/", body, format="json")
    assert answer.status_code == 202, answer.data
    assert answer.data["structure"] == how.get("structure", "historic")
    return b"".join(client.get(f"/api/v1/exports/{answer.data['id']}/download/").streaming_content)


def summary(data: bytes) -> list[tuple]:
    """The summary's rows from its table's header on, after its title block's lines."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header = int(sheet.print_title_rows.split(":")[0].lstrip("$"))
    rows = [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    return [row[0] for row in rows[: header - 1] if row], rows[header - 1 :]


@pytest.fixture
def client(province: Province) -> APIClient:
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    return client


def test_the_workbook_shows_restated_figures_marked_with_units_apart(
    merger: Merger, client: APIClient, django_capture_on_commit_callbacks
) -> None:
    title, historic = summary(exported(client, merger, "xlsx", django_capture_on_commit_callbacks))
    assert any(line.endswith("; theo cơ cấu đơn vị của kỳ báo cáo") for line in title)
    assert [row[5] for row in historic[1:3]] == [0.88333333, 0.66666667]  # percent cells
    title, restated = summary(exported(client, merger, "xlsx", django_capture_on_commit_callbacks,
                                       structure="current", on="2025-07-01"))  # fmt: skip
    assert any(line.endswith("; quy đổi theo cơ cấu đơn vị ngày 01/07/2025") for line in title)
    assert [row[5] for row in restated[1:3]] == [0.925, 1]
    assert ("VP-SNV", "Sở Nội vụ", "Đã giải thể, không có đơn vị kế thừa") in restated


def test_the_pdf_says_its_figures_are_restated_and_lists_units_apart(
    merger: Merger, client: APIClient, django_capture_on_commit_callbacks
) -> None:
    historic = pdf_text(exported(client, merger, "pdf", django_capture_on_commit_callbacks))
    assert "QUY ĐỔI" not in historic
    text = pdf_text(exported(client, merger, "pdf", django_capture_on_commit_callbacks,
                             structure="current", on="2025-07-01"))  # fmt: skip
    text = " ".join(text.split())  # lines wrap where the page does
    assert "SỐ LIỆU QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY 01/07/2025" in text
    assert "Sở Nội vụ (VP-SNV): Đã giải thể, không có đơn vị kế thừa" in text
    assert "92,5%" in text


def test_an_unknown_structure_is_refused_in_vietnamese(merger: Merger, client: APIClient) -> None:
    body = {"format": "xlsx", "directive": merger.directive.pk, "period": merger.period.pk,
            "structure": "today"}  # fmt: skip
    answer = client.post("/api/v1/exports/", body, format="json")
    assert answer.status_code == 400
    assert answer.json()["structure"][0].startswith("Cơ cấu đơn vị không hợp lệ")
