"""Evidence files behind reported figures: checked by their content, size-limited, and served
as downloads that a browser will not run."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from config.errors import DomainError
from reports.models import EvidenceFile, IndicatorValue, Submission
from reports.submissions import report_indicators, require_editable

if TYPE_CHECKING:
    from units.models import User

MAX_FILES_PER_FIGURE = 10
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office Open XML and OpenDocument files are zip archives; their extension says which.
_ZIP_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_OLE_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel"}


def sniff(head: bytes, name: str, data: bytes) -> str | None:
    """The file's real type from its first bytes (and, for office files, its structure)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(_OLE) and extension in _OLE_TYPES:
        return _OLE_TYPES[extension]
    if head.startswith(b"PK\x03\x04") and extension in _ZIP_TYPES:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names or "mimetype" in names:
            return _ZIP_TYPES[extension]
    return None


@transaction.atomic
def evidence_add(
    *, submission: Submission, indicator_code: str, upload: UploadedFile | None, by: User | None
) -> EvidenceFile:
    if upload is None:
        raise DomainError(_("Hãy chọn một tệp để đính kèm."))
    submission = (
        Submission.objects.select_for_update().select_related("period").get(pk=submission.pk)
    )
    require_editable(submission)
    indicator = report_indicators(submission).get(indicator_code)
    if indicator is None:
        raise DomainError(_("Chỉ số này không thuộc báo cáo của đơn vị."))
    limit = settings.CHITIEU_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise DomainError(_("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    data = upload.read()
    content_type = sniff(data[:16], upload.name or "", data)
    if content_type is None:
        raise DomainError(
            _(
                "Chỉ nhận tệp PDF, ảnh (PNG, JPEG) hoặc văn bản, bảng tính Office; "
                "nội dung tệp không đúng loại này."
            )
        )
    value, _created = IndicatorValue.objects.get_or_create(
        submission=submission, indicator=indicator
    )
    if value.evidence.count() >= MAX_FILES_PER_FIGURE:
        raise DomainError(_("Mỗi chỉ số đính kèm tối đa %(n)s tệp.") % {"n": MAX_FILES_PER_FIGURE})
    upload.seek(0)
    return EvidenceFile.objects.create(
        value=value,
        file=upload,
        original_name=(upload.name or "tep")[:255],
        size=upload.size,
        content_type=content_type,
        uploaded_by=by,
    )


def evidence_response(evidence: EvidenceFile) -> FileResponse:
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
