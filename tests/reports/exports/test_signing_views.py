"""The pages and the API of signing: the export page offers signing (or says why it cannot),
the signed file is downloaded like the others; the public verify page and POST /api/v1/verify/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pyhanko.pdf_utils.writer import PdfFileWriter
from rest_framework.test import APIClient

from config.signing import Pkcs12Key
from reports.exports.api_verify import VerifyThrottle
from reports.exports.services import export_build, export_request
from reports.models import Export, SignedExport
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.exports.signing_fixtures import make_ca, make_signer, write_pkcs12, write_root
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root, username="thamdinh")


@pytest.fixture
def keys(settings, tmp_path: Path, province: Province) -> None:
    ca = make_ca()
    entry = write_pkcs12(tmp_path, make_signer(ca), ca)
    settings.CHITIEU_SIGNING = {
        province.root.code: Pkcs12Key(entry["pkcs12"], entry["passphrase_file"])
    }
    settings.CHITIEU_SIGNING_TRUST_ROOTS = str(write_root(tmp_path, ca))


@pytest.fixture
def export(dash: Dashboard, officer: User) -> Export:
    made = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    return export_build(export=made)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_officer_signs_from_the_export_page_and_downloads_the_signed_file(
    officer: User, export: Export, keys: None
) -> None:
    client = logged_in(officer)
    page = client.get(reverse("reports:export_detail", args=[export.pk]))
    assert "Ký số báo cáo" in page.content.decode()
    signed = client.post(reverse("reports:export_sign", args=[export.pk]), follow=True)
    text = signed.content.decode()
    assert "Đã ký số báo cáo." in text and "Tải bản đã ký số" in text
    download = client.get(reverse("reports:export_signed_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "-da-ky-so.pdf" in download["Content-Disposition"]
    record = SignedExport.objects.get(export=export)
    with record.file.open("rb") as handle:
        assert content(download) == handle.read()
    listing = client.get(reverse("reports:exports")).content.decode()
    assert reverse("reports:export_signed_download", args=[export.pk]) in listing


def test_without_a_key_the_export_page_says_why_signing_is_unavailable(
    officer: User, export: Export, settings
) -> None:
    settings.CHITIEU_SIGNING = {}
    page = logged_in(officer).get(reverse("reports:export_detail", args=[export.pk]))
    text = page.content.decode()
    assert "Chưa ký số được:" in text and "CHITIEU_SIGNING" in text
    assert "Ký số báo cáo</button>" not in text


def test_a_failed_signature_is_shown_as_a_message_and_nothing_is_signed(
    officer: User, export: Export, settings
) -> None:
    settings.CHITIEU_SIGNING = {}
    page = logged_in(officer).post(reverse("reports:export_sign", args=[export.pk]), follow=True)
    assert "Chưa cấu hình khóa ký số cho tỉnh VP" in page.content.decode()
    assert not SignedExport.objects.exists()


def test_a_leader_sees_the_report_but_no_sign_button_and_cannot_post_one(
    province: Province, export: Export, keys: None
) -> None:
    leader = logged_in(user_with_role(Role.LEADER, province.root))
    page = leader.get(reverse("reports:export_detail", args=[export.pk]))
    assert page.status_code == 200 and "Ký số báo cáo</button>" not in page.content.decode()
    assert leader.post(reverse("reports:export_sign", args=[export.pk])).status_code == 403
    assert (
        leader.get(reverse("reports:export_signed_download", args=[export.pk])).status_code == 404
    )
    assert not SignedExport.objects.exists()


def test_the_api_signs_and_shows_signed_with_the_signed_file(
    officer: User, export: Export, keys: None
) -> None:
    api = APIClient()
    api.force_authenticate(officer)
    before = api.get(f"/api/v1/exports/{export.pk}/").json()
    assert (before["signed"], before["signed_download_url"]) == (False, None)
    signed = api.post(f"/api/v1/exports/{export.pk}/sign/")
    assert signed.status_code == 201
    assert len(signed.json()["sha256"]) == 64
    after = api.get(f"/api/v1/exports/{export.pk}/").json()
    assert after["signed"] is True
    url = after["signed_download_url"]
    assert url == f"http://testserver/api/v1/exports/{export.pk}/signed/"
    verdict = APIClient().post("/api/v1/verify/", {"file": _upload(content(api.get(url)))})
    assert verdict.json()["issued_by_portal"] is True
    again = api.post(f"/api/v1/exports/{export.pk}/sign/")
    assert again.status_code == 400 and "đã được ký số" in again.json()["detail"]


def _upload(data: bytes, name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_anyone_verifies_a_signed_report_on_the_public_page(
    officer: User, export: Export, keys: None
) -> None:
    logged_in(officer).post(reverse("reports:export_sign", args=[export.pk]))
    with SignedExport.objects.get().file.open("rb") as handle:
        data = handle.read()
    page = Client().post(reverse("reports:verify"), {"file": _upload(data)})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sở KH&amp;CN tỉnh thử" in text and "còn nguyên vẹn" in text
    assert "Đây đúng là tệp cổng thông tin đã phát hành" in text
    changed = bytearray(data)
    changed[len(changed) // 4] ^= 0x01
    page = Client().post(reverse("reports:verify"), {"file": _upload(bytes(changed))})
    assert "đã bị thay đổi sau khi ký" in page.content.decode()


def test_the_api_answers_an_unsigned_report_in_the_contracts_shape(export: Export) -> None:
    with export.file.open("rb") as handle:
        response = APIClient().post("/api/v1/verify/", {"file": _upload(handle.read())})
    assert response.status_code == 200
    assert response.json() == {"signed": False, "signatures": [], "issued_by_portal": False}


def test_the_api_answers_a_signed_report_in_the_contracts_shape(
    officer: User, export: Export, keys: None
) -> None:
    logged_in(officer).post(reverse("reports:export_sign", args=[export.pk]))
    record = SignedExport.objects.get()
    with record.file.open("rb") as handle:
        body = APIClient().post("/api/v1/verify/", {"file": _upload(handle.read())}).json()
    [signature] = body.pop("signatures")
    assert body == {"signed": True, "issued_by_portal": True}
    assert set(signature) == {
        "signer", "signed_at", "intact", "trusted", "timestamp_by", "timestamp_trusted",
    }  # fmt: skip
    assert signature["timestamp_by"] is None  # no timestamp server configured
    assert (signature["signer"], signature["intact"], signature["trusted"]) == (
        record.signer, True, True,
    )  # fmt: skip


def _encrypted_pdf() -> bytes:
    writer = PdfFileWriter()
    writer.encrypt("chu", "nguoi-doc")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not a pdf", "không phải PDF đọc được"),
        (b"%PDF-1.7\n garbage without any objects", "không phải PDF đọc được"),
        ("encrypted", "được mã hóa"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_gets_a_400_in_vietnamese(
    data: bytes | str, message: str
) -> None:
    payload = _encrypted_pdf() if data == "encrypted" else data
    api = APIClient().post("/api/v1/verify/", {"file": _upload(payload)})
    assert api.status_code == 400 and message in api.json()["detail"]
    page = Client().post(reverse("reports:verify"), {"file": _upload(payload)})
    assert page.status_code == 400 and message in page.content.decode()


@pytest.mark.parametrize("over", [1, 200 * 1024])  # just over; over the multipart envelope too
def test_a_file_over_the_upload_limit_gets_a_400(settings, over: int) -> None:
    settings.CHITIEU_MAX_UPLOAD_BYTES = 1024 * 1024
    big = b"%PDF-1.7\n" + b"0" * (1024 * 1024 + over)
    api = APIClient().post("/api/v1/verify/", {"file": _upload(big)})
    assert api.status_code == 400 and "Tệp quá lớn: tối đa 1 MB." in api.json()["detail"]
    page = Client().post(reverse("reports:verify"), {"file": _upload(big)})
    assert page.status_code == 400 and "Tệp quá lớn: tối đa 1 MB." in page.content.decode()


def test_the_verify_page_opens_without_login_and_keeps_no_file() -> None:
    page = Client().get(reverse("reports:verify"))
    assert page.status_code == 200 and 'type="file"' in page.content.decode()
    missing = APIClient().post("/api/v1/verify/", {})
    assert missing.status_code == 400 and "file" in missing.json()


def test_verifying_is_throttled_per_address(export: Export, monkeypatch) -> None:
    monkeypatch.setitem(VerifyThrottle.THROTTLE_RATES, "verify", "2/minute")
    with export.file.open("rb") as handle:
        data = handle.read()
    answers = [
        APIClient().post("/api/v1/verify/", {"file": _upload(data)}).status_code for _ in range(3)
    ]
    assert answers == [200, 200, 429]
    page = Client().post(reverse("reports:verify"), {"file": _upload(data)})
    assert page.status_code == 429 and "Quá nhiều lần kiểm tra" in page.content.decode()


def test_the_verify_page_and_a_verdict_read_in_english(export: Export, settings) -> None:
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # English chosen on the portal
    page = visitor.get(reverse("reports:verify"))
    assert "Verify a report's digital signatures" in page.content.decode()
    with export.file.open("rb") as handle:
        answer = visitor.post(reverse("reports:verify"), {"file": _upload(handle.read())})
    assert "This file has no digital signature." in answer.content.decode()
