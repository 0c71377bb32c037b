"""Reading the signatures of a PDF anyone brings (the public verify page and API): who signed,
when, whether the file changed since, whether the certificate chains to a root the province
installed (CHITIEU_SIGNING_TRUST_ROOTS), and whether the portal issued exactly this file."""

from __future__ import annotations

import hashlib
import io
import logging
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from config.errors import DomainError
from reports.exports.models import SignedExport

logger = logging.getLogger(__name__)
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CHANGED = "đã bị thay đổi sau khi ký"


@dataclass(frozen=True)
class SignatureCheck:
    signer: str
    signed_at: str | None  # ISO 8601, Vietnam time
    intact: bool
    trusted: bool
    # The RFC 3161 timestamp: its authority (certificate subject) and whether that chains to
    # an installed root; None when the signature carries no timestamp.
    timestamp_by: str | None = None
    timestamp_trusted: bool = False

    @property
    def summary(self) -> str:
        """The verdict in a sentence, for the page."""
        state = _("còn nguyên vẹn") if self.intact else _(CHANGED)
        trust = (
            _("chứng thư số thuộc chuỗi tin cậy đã cài đặt")
            if self.trusted
            else _("chứng thư số KHÔNG thuộc chuỗi tin cậy đã cài đặt")
        )
        return f"{state}; {trust}"

    @property
    def timestamp_summary(self) -> str:
        if self.timestamp_by is None:
            return _("không có dấu thời gian (thời điểm ký do máy ký tự khai)")
        if self.timestamp_trusted:
            return _("có dấu thời gian tin cậy của %(tsa)s") % {"tsa": self.timestamp_by}
        return _("có dấu thời gian của %(tsa)s, KHÔNG thuộc chuỗi tin cậy đã cài đặt") % {
            "tsa": self.timestamp_by
        }


@dataclass(frozen=True)
class Verdict:
    signed: bool
    signatures: list[SignatureCheck]
    issued_by_portal: bool


def verify_pdf(data: bytes) -> Verdict:
    """The signatures of `data`; a DomainError for a file too large, not a readable PDF, or
    encrypted (nothing is kept of the file)."""
    if len(data) > settings.CHITIEU_MAX_UPLOAD_BYTES:
        raise DomainError(
            _("Tệp quá lớn: tối đa %(mb)s MB.")
            % {"mb": settings.CHITIEU_MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not data.lstrip()[:5] == b"%PDF-":
        raise DomainError(_("Tệp này không phải PDF đọc được."))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        encrypted = reader.encrypted
        embedded = [] if encrypted else list(reader.embedded_signatures)
    except Exception as error:  # pyHanko raises many kinds on a broken file
        logger.info("unreadable PDF: %s", error)
        raise DomainError(_("Tệp này không phải PDF đọc được.")) from error
    if encrypted:
        raise DomainError(
            _("PDF này được mã hóa (có mật khẩu): không kiểm tra được. Hãy gửi bản không mã hóa.")
        )
    checks = [_check(signature) for signature in embedded]
    digest = hashlib.sha256(data).hexdigest()
    return Verdict(
        signed=bool(checks),
        signatures=checks,
        issued_by_portal=SignedExport.objects.filter(sha256=digest).exists(),
    )


def _check(signature) -> SignatureCheck:
    try:
        status = validate_pdf_signature(signature, _context())
    except (SignatureValidationError, ValueError, KeyError, TypeError) as error:
        logger.info("signature not readable: %s", error)
        return SignatureCheck(signer=_subject(signature), signed_at=None, intact=False,
                              trusted=False)  # fmt: skip
    stamp = status.timestamp_validity
    return SignatureCheck(
        signer=status.signing_cert.subject.human_friendly,
        signed_at=_when(status),
        intact=_intact(status),
        trusted=bool(status.trusted),
        timestamp_by=stamp.signing_cert.subject.human_friendly if stamp is not None else None,
        timestamp_trusted=stamp is not None and bool(stamp.trusted and stamp.intact),
    )


def _intact(status: PdfSignatureStatus) -> bool:
    """The signed bytes hash as signed, and nothing but later signatures or form filling was
    added after them (an edit saved on top of a signed file is a change)."""
    if not (status.intact and status.valid):
        return False
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    level = status.modification_level
    return level is not None and level <= ModificationLevel.FORM_FILLING


def _when(status: PdfSignatureStatus) -> str | None:
    stamped = status.timestamp_validity
    moment = stamped.timestamp if stamped is not None else status.signer_reported_dt
    return moment.astimezone(VIETNAM).isoformat() if moment is not None else None


def _subject(signature) -> str:
    try:
        return signature.signer_cert.subject.human_friendly
    except Exception:
        return _("(không đọc được chứng thư số)")


def _context() -> ValidationContext:
    """No fetching (no network at run time); revocation is checked only where the file
    carries it, so an offline province still gets an answer."""
    return ValidationContext(
        trust_roots=list(trust_roots(settings.CHITIEU_SIGNING_TRUST_ROOTS)),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


@lru_cache(maxsize=4)
def trust_roots(where: str) -> tuple[asn1_x509.Certificate, ...]:
    """The PEM or DER certificates in a file or a folder (read once per path)."""
    if not where:
        return ()
    path = Path(where)
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    return tuple(load_certs_from_pemder([str(f) for f in files]))
