"""An evidence file is stored and handed out under the extension of what it really is: a PDF
named poly.html is kept and downloaded as poly.pdf, so no browser or desktop opens it as a
web page."""

from __future__ import annotations

from email.message import Message

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from config.uploads import name_for_type
from reports.models import EvidenceFile
from tests.conftest import Province, signed_in
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive, start
from units.models import Role

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _upload_and_download(client: Client, submission, name: str, data: bytes):
    client.post(
        reverse("reports:evidence_upload", args=[submission.pk]),
        {"code": "DOCS_SIGNED", "file": SimpleUploadedFile(name, data, "text/html")},
    )
    evidence = EvidenceFile.objects.get()
    response = client.get(reverse("reports:evidence_download", args=[submission.pk, evidence.pk]))
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    return evidence, response, header.get_filename()


@pytest.mark.parametrize(
    ("name", "data", "kept_as"),
    [
        ("poly.html", PDF, "poly.pdf"),
        ("bao-cao.PDF.svg", PDF, "bao-cao.PDF.pdf"),
        ("anh", PNG, "anh.png"),
        ("anh.png", PNG, "anh.png"),
        ("chup.htm", PNG, "chup.png"),
    ],
)
def test_evidence_is_kept_and_downloaded_under_the_extension_of_its_content(
    province: Province, name: str, data: bytes, kept_as: str
) -> None:
    submission = start(district_directive(province), province)
    client = signed_in(user_with_role(Role.REPORTER, province.district))
    evidence, response, filename = _upload_and_download(client, submission, name, data)
    assert evidence.original_name == kept_as
    assert evidence.file.name.rsplit(".", 1)[1] == kept_as.rsplit(".", 1)[1]
    assert filename == kept_as
    assert response["Content-Type"] == evidence.content_type


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("poly.html", "application/pdf", "poly.pdf"),
        ("anh.jpeg", "image/jpeg", "anh.jpeg"),
        ("anh.JPG", "image/jpeg", "anh.JPG"),
        ("anh.png", "image/jpeg", "anh.jpg"),
        ("bang.xlsx", "application/vnd.ms-excel", "bang.xls"),
        ("", "application/pdf", "tep.pdf"),
        (".html", "application/pdf", "tep.pdf"),
        ("giu-nguyen.bin", "application/octet-stream", "giu-nguyen.bin"),
    ],
)
def test_a_name_takes_the_extension_of_its_type(
    name: str, content_type: str, expected: str
) -> None:
    assert name_for_type(name, content_type) == expected
