"""The report's closing sections: drafted from the reports, edited on the export page, kept
with the export and printed in the PDF, the signature block never alone on its page."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from config.errors import DomainError
from reports.exports.models import CLOSING_MAX, Export
from reports.exports.services import export_build, export_request, export_retry
from reports.submissions.models import TaskUpdate
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.exports.export_helpers import pdf_text, pdf_words
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    dash = build_dashboard(province)
    TaskUpdate.objects.filter(submission__unit__in=[province.commune, province.district]).update(
        difficulties="Thiếu kinh phí nâng cấp đường truyền.", proposals="Đề nghị hỗ trợ kinh phí."
    )
    return dash


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root, username="thamdinh")


def built(dash: Dashboard, by: User, **kwargs) -> tuple[Export, bytes]:
    export = export_request(by=by, directive=dash.directive, period=dash.period, **kwargs)
    export = export_build(export=export)
    with export.file.open("rb") as handle:
        return export, handle.read()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_officers_texts_are_kept_with_the_export_and_printed(
    dash: Dashboard, officer: User
) -> None:
    export, data = built(dash, officer, format="pdf", assessment="Kết quả kỳ này khả quan.",
                         next_steps="Rà soát hạ tầng mạng.\n\nTập huấn chữ ký số.")  # fmt: skip
    assert (export.assessment, export.next_steps) == (
        "Kết quả kỳ này khả quan.", "Rà soát hạ tầng mạng.\n\nTập huấn chữ ký số.",
    )  # fmt: skip
    text = flat(pdf_text(data))
    assert "VI. ĐÁNH GIÁ CHUNG Kết quả kỳ này khả quan. VII." in text
    assert "VII. NHIỆM VỤ KỲ TỚI VÀ ĐỀ XUẤT Rà soát hạ tầng mạng." in text
    assert "Tập huấn chữ ký số. Nơi nhận:" in text  # a blank line makes no empty paragraph
    Export.objects.filter(pk=export.pk).update(status="failed", file="")
    again = export_retry(export=Export.objects.get(pk=export.pk), by=officer)
    assert (again.assessment, again.next_steps) == (export.assessment, export.next_steps)


def test_blank_sections_are_drafted_from_the_reports(dash: Dashboard, officer: User) -> None:
    export, data = built(dash, officer, format="pdf")
    assert (export.assessment, export.next_steps) == ("", "")
    text = flat(pdf_text(data))
    assert ("Chỉ tiêu chưa đạt: Tỷ lệ dịch vụ công trực tuyến (Sở, ban, ngành: tỷ lệ chung 87,5%); "
            "Tỷ lệ dịch vụ công trực tuyến (Cấp xã: tỷ lệ chung 10%).") in text  # fmt: skip
    # Two units wrote the same words: said once, with how many units said it.
    assert "Thiếu kinh phí nâng cấp đường truyền (2 đơn vị)." in text
    assert "Đề nghị hỗ trợ kinh phí (2 đơn vị)." in text
    assert "Đôn đốc các đơn vị gửi báo cáo đúng hạn (kỳ này 1 đơn vị gửi muộn" in text


def test_a_workbook_keeps_no_closing_text_and_an_overlong_text_is_refused(
    dash: Dashboard, officer: User
) -> None:
    export = export_request(by=officer, directive=dash.directive, period=dash.period,
                            format="xlsx", assessment="Không dùng cho bảng tính")  # fmt: skip
    assert export.assessment == ""
    with pytest.raises(DomainError, match="tối đa 5000 ký tự"):
        export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf",
                       next_steps="x" * (CLOSING_MAX + 1))  # fmt: skip
    assert Export.objects.count() == 1


@pytest.mark.parametrize("paragraphs", range(0, 40, 5))
def test_the_signature_block_stays_with_the_last_paragraph(
    dash: Dashboard, officer: User, paragraphs: int
) -> None:
    # One line each, 5 more every time: the page's end falls at every place in turn.
    steps = [f"Nội dung số {n} của nhiệm vụ kỳ tới." for n in range(paragraphs)]
    _, data = built(dash, officer, format="pdf", next_steps="\n".join([*steps, "Đoạn cuối."]))
    words = pdf_words(data)
    last = next(w.page for w in reversed(words) if w.text == "cuối.")
    assert next(w.page for w in words if w.text == "nhận:") == last
    assert next(w.page for w in words if w.text == "PHÓ") == last


def test_the_pdfs_metadata_name_the_report_and_its_issuer(dash: Dashboard, officer) -> None:
    _, data = built(dash, officer, format="pdf")
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == (
        f"Báo cáo kết quả thực hiện Chỉ thị số {dash.directive.code} về "
        f"{dash.directive.title}, quý IV năm 2016"
    )
    assert meta.author == "Sở Thông tin và Truyền thông"
    assert "/BC-" not in meta.title


def test_the_export_page_drafts_both_sections_for_the_officer_to_edit(
    dash: Dashboard, officer: User, client: Client, province: Province
) -> None:
    client.force_login(officer)
    url = reverse("reports:export_draft")
    query = {"directive": dash.directive.pk, "period": dash.period.pk, "unit": ""}
    response = client.get(url, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="assessment"' in page and 'name="next_steps"' in page
    assert "Các đơn vị đã gửi 6/6 báo cáo (100%)" in page
    assert "Tập trung chỉ đạo thực hiện các chỉ tiêu chưa đạt" in page
    # The unit picker's choice drafts for that unit's area (the picker posts the unit's code).
    one = client.get(url, query | {"unit": province.district.code})
    assert one.status_code == 200 and "Các đơn vị đã gửi" in one.content.decode()
    half = client.get(url, {"directive": dash.directive.pk})
    assert "Chọn văn bản và kỳ báo cáo để lập dự thảo." in half.content.decode()
    assert client.post(url, query).status_code == 405


def test_the_draft_is_for_exporters_only(
    dash: Dashboard, province: Province, client: Client
) -> None:
    query = {"directive": dash.directive.pk, "period": dash.period.pk}
    assert client.get(reverse("reports:export_draft"), query).status_code == 302  # sign in
    client.force_login(user_with_role(Role.REPORTER, province.commune, username="baocao"))
    assert client.get(reverse("reports:export_draft"), query).status_code == 403


def test_the_api_takes_and_returns_the_closing_texts(
    dash: Dashboard, officer: User, django_capture_on_commit_callbacks
) -> None:
    client = APIClient()
    client.force_authenticate(officer)
    body = {"format": "pdf", "directive": dash.directive.pk, "period": dash.period.pk,
            "assessment": "Đánh giá của Sở.", "next_steps": "Nhiệm vụ của Sở."}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/api/v1/exports/", body, format="json")
    assert answer.status_code == 202
    assert (answer.data["assessment"], answer.data["next_steps"]) == (
        "Đánh giá của Sở.", "Nhiệm vụ của Sở.",
    )  # fmt: skip
