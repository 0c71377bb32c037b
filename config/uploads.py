"""Files users upload (evidence, directives' source documents, unit events' decisions): checked
by their content and size, and served only by views that check permission (MEDIA_ROOT is
never served as is), as downloads a browser will neither render nor sniff."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from config.errors import DomainError

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
# The extensions a file of each accepted type goes by, its usual one first.
_EXTENSIONS = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    **{content_type: (extension,) for extension, content_type in _ZIP_TYPES.items()},
    **{content_type: (extension,) for extension, content_type in _OLE_TYPES.items()},
}


def sniff(file: IO[bytes], name: str) -> str | None:
    """The file's real type from its first bytes (and, for office files, its structure);
    None for anything else. Leaves `file` at its start."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
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
            names = set(zipfile.ZipFile(file).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names or "mimetype" in names:
            return _ZIP_TYPES[extension]
    return None


def name_for_type(name: str, content_type: str) -> str:
    """`name` with the extension of `content_type` (poly.html holding a PDF → poly.pdf), so that
    whoever opens the file later opens it as what it is; a type of no known extension keeps
    the name."""
    extensions = _EXTENSIONS.get(content_type)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if extensions is None:
        return name
    if extension.lower() in extensions:
        return name
    return f"{stem or 'tep'}.{extensions[0]}"


def upload_content_type(upload: UploadedFile) -> str:
    """The upload's real type, or a DomainError when it is too large or not an accepted type."""
    limit = settings.CHITIEU_MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise DomainError(_("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    content_type = sniff(upload, upload.name or "")
    if content_type is None:
        raise DomainError(
            _(
                "Chỉ nhận tệp PDF, ảnh (PNG, JPEG) hoặc văn bản, bảng tính Office; "
                "nội dung tệp không đúng loại này."
            )
        )
    return content_type


def validate_upload(upload: object) -> None:
    """A form's check of a file field's cleaned value: a new upload is checked; the file already
    stored (the field left unchanged) was checked when it came, and False means "clear"."""
    if not isinstance(upload, UploadedFile):
        return
    try:
        upload_content_type(upload)
    except DomainError as error:
        raise ValidationError(error.message, code="upload") from error


def download_response(
    file: FieldFile, *, filename: str | None = None, content_type: str | None = None
) -> FileResponse:
    """`file` as an attachment that a browser runs nothing of (nosniff, a sandbox policy of its
    own); callers have checked the user may have it and recorded the download.

    Without `content_type` (a file whose type was not kept) the stored file is sniffed now; one
    stored before uploads were checked may be anything, and goes as application/octet-stream.
    """
    name = filename or posixpath.basename(file.name)
    try:
        handle = file.open("rb")
    except FileNotFoundError:  # gone from the disk (a restore without the media folder…)
        raise Http404(_("Tệp này không còn trên máy chủ; hãy báo quản trị hệ thống.")) from None
    if content_type is None:
        content_type = sniff(handle, name) or "application/octet-stream"
    name = name_for_type(name, content_type)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@dataclass(frozen=True)
class _Served:
    """A stored file as the admin's widget shows it: its name, linked to the serving view."""

    name: str
    url: str

    def __str__(self) -> str:
        return self.name


class ServedFileInput(AdminFileWidget):
    """The admin's file input, its "currently" link going to `url` (a view that checks
    permission) rather than to MEDIA_URL, which nothing serves. The form sets `url`."""

    url: str | None = None

    def format_value(self, value: Any) -> Any:
        value = super().format_value(value)
        return _Served(str(value), self.url) if value and self.url else value


class ServedFileFormMixin:
    """For a model form with one uploaded file (`served_file`: its field, and the URL name of
    the view serving it by the object's pk): a new upload is checked like every upload, and
    the admin's "currently" link goes to that view (the field's widget is a ServedFileInput)."""

    served_file: tuple[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name, url_name = self.served_file
        fields = self.fields
        if getattr(self.instance, name) and name in fields:
            fields[name].widget.url = reverse(url_name, args=[self.instance.pk])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        name = self.served_file[0]
        try:
            validate_upload(cleaned.get(name))
        except ValidationError as error:
            self.add_error(name, error)
        return cleaned
