"""POST /api/v1/directives/draft/: text or file in, a draft out, nothing saved; refusals."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from rest_framework.test import APIClient
from weasyprint import HTML

from directives.models import Directive, Task
from indicators.models import Indicator
from tests.factories import user_with_role
from units.models import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/directives/draft/"


@pytest.fixture
def reviewer(province) -> APIClient:
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    return client


def send_file(client: APIClient, name: str, content: bytes):
    return client.post(
        URL, {"province": "VP", "file": SimpleUploadedFile(name, content)}, format="multipart"
    )


def test_a_reviewer_gets_a_draft_with_the_provinces_unit_codes(reviewer, directive_text) -> None:
    response = reviewer.post(URL, {"province": "VP", "text": directive_text}, format="json")
    assert response.status_code == 200, response.json()
    draft = response.json()["draft"]
    assert draft["format"] == "chitieu/directive@1"
    assert draft["directive"]["report_to"] == "VP-STTTT"
    first = draft["tasks"][0]
    assert (first["number"], first["lead"], first["support"]) == ("1.a", ["VP-STTTT"], ["VP-SNV"])
    assert all(note["rule"] for note in response.json()["notes"])


def test_nothing_is_saved_by_a_draft(reviewer, directive_text) -> None:
    before = Indicator.objects.count()
    reviewer.post(URL, {"province": "VP", "text": directive_text}, format="json")
    assert (Directive.objects.count(), Task.objects.count(), Indicator.objects.count()) == (
        0, 0, before
    )  # fmt: skip


def test_a_text_file_is_drafted(reviewer, directive_text) -> None:
    response = send_file(reviewer, "chi-thi.txt", directive_text.encode())
    assert response.status_code == 200
    assert response.json()["draft"]["directive"]["kind"] == "directive"


def test_a_word_file_is_drafted(reviewer, directive_text) -> None:
    document = docx.Document()
    for line in directive_text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    response = send_file(reviewer, "chi-thi.docx", buffer.getvalue())
    assert response.status_code == 200, response.json()
    assert [t["number"] for t in response.json()["draft"]["tasks"]][:2] == ["1.a", "1.b"]


def test_a_pdf_with_a_text_layer_is_drafted(reviewer, directive_text) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in directive_text.splitlines() if line)
    pdf = HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf()
    response = send_file(reviewer, "chi-thi.pdf", pdf)
    assert response.status_code == 200, response.json()
    assert response.json()["draft"]["directive"]["report_to"] == "VP-STTTT"


def test_a_scanned_pdf_is_told_it_has_no_text(reviewer) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    response = send_file(reviewer, "scan.pdf", buffer.getvalue())
    assert response.status_code == 400
    assert "bản quét" in response.json()["detail"]


def test_a_file_named_docx_that_is_not_one_is_refused(reviewer) -> None:
    response = send_file(reviewer, "chi-thi.docx", b"just some bytes, not a zip")
    assert response.status_code == 400
    assert "DOCX" in response.json()["detail"]


def test_an_empty_text_is_refused(reviewer) -> None:
    response = reviewer.post(URL, {"province": "VP", "text": "  \n "}, format="json")
    assert response.status_code == 400
    assert "Chưa có nội dung" in response.json()["detail"]


def test_a_paste_over_5_mb_is_refused(reviewer, directive_text) -> None:
    huge = directive_text * (5 * 1024 * 1024 // len(directive_text.encode()) + 1)
    response = reviewer.post(URL, {"province": "VP", "text": huge}, format="json")
    assert response.status_code == 400
    assert "5 MB" in response.json()["detail"]


def test_a_file_over_5_mb_is_refused(reviewer) -> None:
    response = send_file(reviewer, "big.txt", b"a" * (5 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "5 MB" in response.json()["detail"]


def test_a_text_that_is_not_a_directive_is_refused(reviewer) -> None:
    recipe = "Cho bột vào tô, thêm nước, nhào đều rồi để nghỉ nửa giờ trước khi nướng bánh."
    response = reviewer.post(URL, {"province": "VP", "text": recipe}, format="json")
    assert response.status_code == 400
    assert "không giống một văn bản chỉ đạo" in response.json()["detail"]


@pytest.mark.parametrize("role", [Role.LEADER, Role.REPORTER])
def test_who_does_not_manage_directives_is_refused(province, directive_text, role) -> None:
    client = APIClient()
    client.force_authenticate(user_with_role(role, province.root))
    response = client.post(URL, {"province": "VP", "text": directive_text}, format="json")
    assert response.status_code == 403


def test_another_provinces_reviewer_is_refused(province, directive_text) -> None:
    from tests.conftest import make_province

    other = make_province("BT", "Bình Thuận")
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, other.root))
    response = client.post(URL, {"province": "VP", "text": directive_text}, format="json")
    assert response.status_code == 403


def test_an_unknown_province_is_a_400(reviewer, directive_text) -> None:
    response = reviewer.post(URL, {"province": "XX", "text": directive_text}, format="json")
    assert response.status_code == 400
    assert "XX" in response.json()["detail"]


def test_anonymous_is_refused(directive_text, db) -> None:
    response = APIClient().post(URL, {"province": "VP", "text": directive_text}, format="json")
    assert response.status_code in (401, 403)
