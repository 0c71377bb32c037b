"""Uploads are judged by their content and size (config/uploads.py), whatever their name says."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from config.uploads import sniff, validate_upload

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = _zip("[Content_Types].xml", "word/document.xml")
ODT = _zip("mimetype", "content.xml")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("qd.pdf", PDF, "application/pdf"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "image/png"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        (
            "qd.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("qd.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("qd.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16, "application/msword"),
        ("qd.pdf", EXE, None),
        ("qd.pdf", HTML, None),
        ("qd.docx", _zip("payload.exe"), None),  # a zip, not a Word file
        ("qd.zip", DOCX, None),  # a Word file's structure under a name that is not one
    ],
)
def test_a_file_is_known_by_its_content(name: str, data: bytes, expected: str | None) -> None:
    file = io.BytesIO(data)
    assert sniff(file, name) == expected
    assert file.tell() == 0  # read again from its start by whoever stores it


@pytest.mark.parametrize(("name", "data"), [("qd.pdf", EXE), ("qd.pdf", HTML)])
def test_a_program_or_a_page_renamed_as_a_pdf_is_refused(name: str, data: bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile(name, data))
    assert "nội dung tệp không đúng loại" in refused.value.messages[0]


@override_settings(CHITIEU_MAX_UPLOAD_BYTES=1024 * 1024)
def test_a_file_over_the_size_limit_is_refused_whatever_it_holds() -> None:
    big = SimpleUploadedFile("qd.pdf", PDF + b"0" * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        validate_upload(big)
    assert refused.value.messages == ["Tệp lớn hơn giới hạn 1 MB."]
    validate_upload(SimpleUploadedFile("qd.pdf", PDF))  # within it: accepted


def test_a_file_already_stored_is_not_checked_again() -> None:
    validate_upload(None)
    validate_upload(False)  # the form's "clear" box
