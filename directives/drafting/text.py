"""The text of a directive as an officer gives it: pasted, or a PDF, Word (DOCX) or text file."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from config.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
# A directive has at least a kind or a numbered point and a few lines of Vietnamese.
_DIRECTIVE_WORDS = re.compile(
    r"chi thi|ke hoach|quyet dinh|chuong trinh|nhiem vu|chi tieu|giao|chu tri|trien khai"
)


class DraftRefused(DomainError):
    """The text cannot be drafted; the message says why, in Vietnamese."""


def read_upload(data: bytes, filename: str) -> str:
    if len(data) > MAX_BYTES:
        raise DraftRefused(_("Tệp quá lớn: tối đa 5 MB."))
    name = filename.lower()
    if name.endswith(".pdf") or data[:5] == b"%PDF-":
        return _pdf_text(data)
    if name.endswith(".docx"):
        return _docx_text(data)
    if name.endswith((".txt", ".text")) or not name.rpartition(".")[1]:
        return _plain_text(data)
    raise DraftRefused(_("Chỉ nhận tệp PDF, DOCX hoặc TXT."))


def _plain_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DraftRefused(_("Tệp văn bản phải mã hóa UTF-8.")) from None


def _pdf_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise DraftRefused(_("Tệp PDF bị hỏng hoặc không đọc được.")) from None
    text = _unwrap("\n".join(pages))
    if len(re.sub(r"\s+", "", text)) < 40:
        raise DraftRefused(
            _(
                "Tệp PDF không có lớp chữ (có lẽ là bản quét): hãy nhận dạng chữ (OCR) trước "
                "hoặc dán nội dung văn bản."
            )
        )
    return text


_MARKER = re.compile(r"^\s*(?:[IVX]{1,5}\.|\d{1,2}(?:\.\d{1,2})?[.)]|[a-zđ]\)|[-+•])\s")


def _unwrap(text: str) -> str:
    """A PDF breaks lines where the page is full: join a line to the next unless it ends a
    sentence or the next starts a numbered point, so that paragraphs are whole again."""
    lines = [line.rstrip() for line in text.split("\n")]
    joined: list[str] = []
    for line in lines:
        if (
            joined
            and joined[-1].strip()
            and line.strip()
            and not joined[-1].endswith((".", ";", ":", "!", "?"))
            and not _MARKER.match(line)
            and not joined[-1].strip().isupper()
        ):
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    return "\n".join(joined)


def _docx_text(data: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise DraftRefused(_("Tệp không phải là tài liệu Word (DOCX) hợp lệ.")) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def check_text(text: str, folded: str) -> None:
    """Refuse what cannot be a directive before drafting it."""
    if not text.strip():
        raise DraftRefused(_("Chưa có nội dung văn bản: hãy dán văn bản hoặc chọn tệp."))
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise DraftRefused(_("Văn bản quá dài: tối đa 5 MB."))
    if len(_DIRECTIVE_WORDS.findall(folded)) < 2 or len(folded.split()) < 15:
        raise DraftRefused(
            _(
                "Nội dung không giống một văn bản chỉ đạo (chỉ thị, kế hoạch, quyết định, chương "
                "trình): không thấy nhiệm vụ hay chỉ tiêu nào."
            )
        )
