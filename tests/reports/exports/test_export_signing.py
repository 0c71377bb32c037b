"""Signing a real official report with a PKCS#12 key (a throwaway CA made here) and verifying
it: intact and trusted, changed after signing, an unknown signer, the visible stamps; and every
way signing can fail leaves nothing signed."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from config.errors import DomainError
from config.signing import Pkcs12Key
from reports.exports.services import export_build, export_request, storage
from reports.exports.signing import export_sign
from reports.exports.signing_pdf import placement
from reports.exports.verification import CHANGED, verify_pdf
from reports.models import Export, SignedExport
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.exports.export_helpers import pdf_words
from tests.reports.exports.signing_fixtures import (
    Issued,
    make_ca,
    make_signer,
    write_pkcs12,
    write_root,
)
from tests.reports.exports.tsa_server import LocalTimestampServer
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root)


@pytest.fixture
def ca() -> Issued:
    return make_ca()


@pytest.fixture
def keys(settings, tmp_path: Path, ca: Issued, province: Province) -> Path:
    """The province's PKCS#12 key and the CA as the trusted root, as the environment gives them."""
    entry = write_pkcs12(tmp_path, make_signer(ca), ca)
    settings.CHITIEU_SIGNING = {
        province.root.code: Pkcs12Key(entry["pkcs12"], entry["passphrase_file"])
    }
    settings.CHITIEU_SIGNING_TRUST_ROOTS = str(write_root(tmp_path, ca))
    return tmp_path


def report(dash: Dashboard, officer: User) -> Export:
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    return export_build(export=export)


def small_export(province: Province, dash: Dashboard) -> Export:
    """A finished export whose file is a stand-in: for refusals that come before any PDF work."""
    return Export.objects.create(
        format="pdf", directive=dash.directive, period=dash.period, area=province.root,
        status="done", progress=100, file=ContentFile(b"%PDF-1.4\n%%EOF\n", "bc.pdf"),
    )  # fmt: skip


def signed_bytes(record: SignedExport) -> bytes:
    with record.file.open("rb") as handle:
        return handle.read()


def test_an_officer_signs_a_report_and_it_verifies_intact_trusted_and_issued_by_the_portal(
    dash: Dashboard, officer: User, keys: Path
) -> None:
    export = report(dash, officer)
    before = timezone.now() - dt.timedelta(seconds=1)
    record = export_sign(export=export, by=officer)
    after = timezone.now() + dt.timedelta(seconds=1)
    verdict = verify_pdf(signed_bytes(record))
    assert verdict.signed and verdict.issued_by_portal
    [signature] = verdict.signatures
    assert (signature.intact, signature.trusted) == (True, True)
    assert signature.signer == record.signer
    assert "Common Name: Sở KH&CN tỉnh thử" in signature.signer
    assert signature.signed_at.endswith("+07:00")  # Vietnam time
    assert before <= dt.datetime.fromisoformat(signature.signed_at) <= after


def test_signing_keeps_the_unsigned_file_and_records_who_signed_in_the_change_log(
    dash: Dashboard, officer: User, keys: Path
) -> None:
    export = report(dash, officer)
    with export.file.open("rb") as handle:
        before = handle.read()
    record = export_sign(export=export, by=officer)
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        assert handle.read() == before
    assert signed_bytes(record).startswith(before)  # an incremental update: the report as made
    logged = [
        entry.changes_dict["export"][1]
        for entry in LogEntry.objects.filter(object_pk=str(export.pk))
        if "export" in entry.changes_dict
    ]
    assert [line for line in logged if record.sha256 in line] == [
        f"ký số bởi {record.signer}, SHA-256 {record.sha256}"
    ]
    assert record.signed_by == officer


def test_a_configured_timestamp_servers_token_lands_in_the_signature_and_the_verify_page_shows_it(
    dash: Dashboard, officer: User, keys: Path, ca: Issued, settings
) -> None:
    with LocalTimestampServer(ca) as tsa:
        settings.CHITIEU_SIGNING_TSA_URL = tsa.url
        record = export_sign(export=report(dash, officer), by=officer)
        assert tsa.answered >= 1  # pyHanko asks once more first, to size the token
    data = signed_bytes(record)
    assert record.timestamped is True
    [embedded] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    token = embedded.signer_info["unsigned_attrs"].native[0]
    assert token["type"] == "signature_time_stamp_token"  # the TSA's answer, in the CMS
    [signature] = verify_pdf(data).signatures
    assert "Máy chủ dấu thời gian thử" in signature.timestamp_by
    assert (signature.intact, signature.timestamp_trusted) == (True, True)
    assert signature.signed_at.endswith("+07:00")  # the timestamp's time, in Vietnam time
    upload = SimpleUploadedFile("bao-cao.pdf", data, content_type="application/pdf")
    page = Client().post(reverse("reports:verify"), {"file": upload}).content.decode()
    assert "có dấu thời gian tin cậy của" in page and "Máy chủ dấu thời gian thử" in page


def test_without_a_timestamp_server_the_verify_page_says_the_time_is_the_signers_own(
    dash: Dashboard, officer: User, keys: Path
) -> None:
    record = export_sign(export=report(dash, officer), by=officer)
    assert record.timestamped is False
    [signature] = verify_pdf(signed_bytes(record)).signatures
    assert signature.timestamp_by is None
    assert "không có dấu thời gian" in signature.timestamp_summary


def test_with_the_bodys_key_its_seal_is_a_second_signature_over_the_seals_place(
    dash: Dashboard, officer: User, keys: Path, ca: Issued, province: Province, settings
) -> None:
    entry = write_pkcs12(keys, make_signer(ca, "UBND tỉnh thử (con dấu)"), ca, name="dau")
    settings.CHITIEU_SIGNING_SEAL = {
        province.root.code: Pkcs12Key(entry["pkcs12"], entry["passphrase_file"])
    }
    export = report(dash, officer)
    with export.file.open("rb") as handle:
        where = placement(IncrementalPdfFileWriter(io.BytesIO(handle.read())))
    record = export_sign(export=export, by=officer)
    assert "UBND tỉnh thử (con dấu)" in record.seal
    data = signed_bytes(record)
    person, body = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert (person.field_name, body.field_name) == ("ChuKySo", "DauCoQuan")
    rect = [float(v) for v in body.sig_field["/Rect"]]
    assert rect == pytest.approx(list(where.seal_box), abs=0.01)  # over the seal's place
    assert _ink(data, where.page, where.seal_box) > 200  # the seal's picture is its appearance
    checks = verify_pdf(data).signatures
    assert [(c.intact, c.trusted) for c in checks] == [(True, True), (True, True)]
    assert "Sở KH&CN tỉnh thử" in checks[0].signer
    assert "UBND tỉnh thử (con dấu)" in checks[1].signer
    upload = SimpleUploadedFile("bao-cao.pdf", data, content_type="application/pdf")
    page = Client().post(reverse("reports:verify"), {"file": upload}).content.decode()
    assert page.count("Người ký (chứng thư số):") == 2
    assert "UBND tỉnh thử (con dấu)" in page


def test_a_seal_key_that_will_not_open_signs_nothing(
    dash: Dashboard, officer: User, keys: Path, ca: Issued, province: Province, settings
) -> None:
    entry = write_pkcs12(keys, make_signer(ca, "UBND tỉnh thử (con dấu)"), ca, name="dau")
    (keys / "dau.pass").write_text("sai-mat-khau")
    settings.CHITIEU_SIGNING_SEAL = {
        province.root.code: Pkcs12Key(entry["pkcs12"], entry["passphrase_file"])
    }
    with pytest.raises(DomainError, match="sai mật khẩu"):
        export_sign(export=report(dash, officer), by=officer)
    assert not SignedExport.objects.exists()


def test_one_flipped_byte_makes_the_report_changed_after_signing(
    dash: Dashboard, officer: User, keys: Path
) -> None:
    data = bytearray(signed_bytes(export_sign(export=report(dash, officer), by=officer)))
    data[len(data) // 4] ^= 0x01  # inside the report's own bytes, which the signature covers
    verdict = verify_pdf(bytes(data))
    [signature] = verdict.signatures
    assert signature.intact is False
    assert CHANGED in signature.summary
    assert verdict.issued_by_portal is False


def test_a_signer_from_an_unknown_ca_is_a_valid_but_untrusted_signature(
    dash: Dashboard, officer: User, keys: Path, settings
) -> None:
    data = signed_bytes(export_sign(export=report(dash, officer), by=officer))
    other_ca = make_ca("CA lạ")
    with tempfile.TemporaryDirectory() as folder:
        settings.CHITIEU_SIGNING_TRUST_ROOTS = str(write_root(Path(folder), other_ca))
        [signature] = verify_pdf(data).signatures
    assert (signature.intact, signature.trusted) == (True, False)
    assert "KHÔNG thuộc chuỗi tin cậy" in signature.summary


def test_the_stamps_stand_in_the_signature_block_with_the_body_and_the_time(
    dash: Dashboard, officer: User, keys: Path, settings
) -> None:
    export = report(dash, officer)
    with translation.override("en"):  # an officer reading the portal in English: same stamps
        data = signed_bytes(export_sign(export=export, by=officer))
    words = pdf_words(data)
    [by] = [w for w in words if w.text == "bởi:"]  # "Ký số bởi:", the signer's stamp
    title = [w for w in words if w.text == settings.CHITIEU_REPORT_SIGNER_TITLE.split()[0]][-1]
    assert (title.page, title.y0 < by.y0) == (by.page, True)  # under the signer's title
    seal = " ".join(w.text for w in words if w.page == by.page and w.y0 > title.y0)
    assert "TRUYỀN THÔNG Đã ký số lúc" in seal  # the body's name and when, over the seal
    assert seal.count("+07:00") == 2


def test_the_stamps_are_drawn_where_the_signature_goes(
    dash: Dashboard, officer: User, keys: Path
) -> None:
    export = report(dash, officer)
    with export.file.open("rb") as handle:
        unsigned = handle.read()
    where = placement(IncrementalPdfFileWriter(io.BytesIO(unsigned)))
    signed = signed_bytes(export_sign(export=export, by=officer))
    before, after = (
        _ink(unsigned, where.page, where.seal_box),
        _ink(signed, where.page, where.seal_box),
    )
    assert before == 0 and after > 200  # blank room before, red ink after
    assert _ink(signed, where.page, where.signer_box) > 200


def _ink(data: bytes, page: int, box: tuple[float, float, float, float]) -> int:
    """Non-white pixels of the box on the page rendered at 72 dpi (1 px = 1 pt) by pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "f.pdf"
        pdf.write_bytes(data)
        height = float(
            subprocess.run(
                ["/usr/bin/pdfinfo", "-f", str(page + 1), "-l", str(page + 1), str(pdf)],
                check=True, capture_output=True, text=True,
            ).stdout.split("size:")[1].split("x")[1].split()[0]
        )  # fmt: skip
        x0, y0, x1, y1 = box
        subprocess.run(
            ["/usr/bin/pdftoppm", "-r", "72", "-f", str(page + 1), "-l", str(page + 1),
             "-x", str(int(x0) + 3), "-y", str(int(height - y1) + 3),
             "-W", str(int(x1 - x0) - 6), "-H", str(int(y1 - y0) - 6), "-gray",
             str(pdf), str(Path(folder) / "box")],
            check=True, capture_output=True,
        )  # fmt: skip
        [image] = Path(folder).glob("box*.pgm")
        pixels = image.read_bytes().split(b"\n", 3)[3]
        return sum(1 for value in pixels if value < 200)


def test_a_wrong_passphrase_signs_nothing(
    dash: Dashboard, officer: User, keys: Path, province: Province, settings
) -> None:
    (keys / "ky.pass").write_text("sai-mat-khau")
    export = small_export(province, dash)
    files = signed_files()
    with pytest.raises(DomainError, match="sai mật khẩu"):
        export_sign(export=export, by=officer)
    assert not SignedExport.objects.exists()
    assert signed_files() == files


def signed_files() -> set[str]:
    """Every file under the exports' "signed" folder (other tests' included)."""
    root = Path(storage().path("signed"))
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.parametrize(
    ("valid_from_days", "message"), [(-400, "đã hết hạn"), (10, "chưa có hiệu lực")]
)
def test_an_expired_or_not_yet_valid_certificate_signs_nothing(
    dash: Dashboard, officer: User, province: Province, ca: Issued, tmp_path: Path, settings,
    valid_from_days: int, message: str,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    entry = write_pkcs12(tmp_path, make_signer(ca, valid_from_days=valid_from_days), ca)
    settings.CHITIEU_SIGNING = {
        province.root.code: Pkcs12Key(entry["pkcs12"], entry["passphrase_file"])
    }
    with pytest.raises(DomainError, match=message):
        export_sign(export=small_export(province, dash), by=officer)
    assert not SignedExport.objects.exists()


def test_without_a_key_for_the_province_signing_is_unavailable_and_says_why(
    dash: Dashboard, officer: User, province: Province, settings
) -> None:
    settings.CHITIEU_SIGNING = {}
    with pytest.raises(DomainError, match="Chưa cấu hình khóa ký số cho tỉnh VP"):
        export_sign(export=small_export(province, dash), by=officer)


def test_a_signed_report_is_not_signed_again_and_re_exporting_makes_a_new_unsigned_one(
    dash: Dashboard, officer: User, keys: Path
) -> None:
    export = report(dash, officer)
    first = export_sign(export=export, by=officer)
    with pytest.raises(DomainError, match="đã được ký số"):
        export_sign(export=export, by=officer)
    again = report(dash, officer)
    assert again.pk != export.pk and not SignedExport.objects.filter(export=again).exists()
    assert SignedExport.objects.get() == first


def test_a_workbook_cannot_be_signed(
    dash: Dashboard, officer: User, province: Province, keys: Path
) -> None:
    workbook = small_export(province, dash)
    workbook.format = "xlsx"
    workbook.save()
    with pytest.raises(DomainError, match="Chỉ ký số được báo cáo PDF"):
        export_sign(export=workbook, by=officer)


@pytest.mark.parametrize("role", [Role.LEADER, Role.ADMIN, Role.REVIEWER])
def test_only_officers_of_the_province_root_sign(
    dash: Dashboard, province: Province, keys: Path, role: str
) -> None:
    """A district's reviewers and admins, and the province's leaders, may not sign."""
    on_district = user_with_role(role, province.district)
    with pytest.raises(PermissionDenied):
        export_sign(export=small_export(province, dash), by=on_district)


def test_a_leader_of_the_province_may_not_sign(
    dash: Dashboard, province: Province, keys: Path
) -> None:
    leader = user_with_role(Role.LEADER, province.root)
    with pytest.raises(PermissionDenied):
        export_sign(export=small_export(province, dash), by=leader)
