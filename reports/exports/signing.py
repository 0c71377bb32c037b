"""Signing a finished official report with its province's key (reports/exports/signing_keys.py)
and stamps in the Decree 30 positions (reports/exports/signing_pdf.py). The web page and the
API call `export_sign`; a signed report is never rewritten, re-exporting makes a new one."""

from __future__ import annotations

import hashlib
import zoneinfo
from typing import TYPE_CHECKING

from asn1crypto import x509 as asn1_x509
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import record_export
from config.errors import DomainError
from reports.exports.models import Export, SignedExport
from reports.exports.services import download_name, storage
from reports.exports.signing_keys import opened_signers
from reports.exports.signing_pdf import sign_pdf
from units.models import Unit
from units.permissions import Action, allowed, root_id_of
from units.selectors import province_profile

if TYPE_CHECKING:
    from units.models import User

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def export_sign(*, export: Export, by: User) -> SignedExport:
    """Sign `export`'s PDF with its province's key. Nothing is written unless signing
    succeeded; the export's own file is left as it was."""
    if not allowed(by, Action.EXPORT_SIGN, export):
        raise PermissionDenied
    if export.format != Export.Format.PDF or export.status != Export.Status.DONE:
        raise DomainError(_("Chỉ ký số được báo cáo PDF đã tạo xong."))
    if SignedExport.objects.filter(export=export).exists():
        raise DomainError(
            _("Báo cáo này đã được ký số; muốn sửa, hãy kết xuất lại rồi ký bản mới.")
        )
    province = Unit.objects.get(pk=root_id_of(export.area))
    try:
        with export.file.open("rb") as handle:
            original = handle.read()
    except FileNotFoundError as error:
        raise DomainError(_("Tệp báo cáo không còn trên máy chủ: hãy kết xuất lại.")) from error
    signed_at = timezone.now().astimezone(VIETNAM).replace(microsecond=0)
    with opened_signers(province.code) as (signer, seal_signer):
        subject = signer_subject(signer.signing_cert)
        seal = signer_subject(seal_signer.signing_cert) if seal_signer is not None else ""
        profile = province_profile(province)
        signed = sign_pdf(original, signer=signer, seal_signer=seal_signer,
                          body=profile.report_issuer, location=profile.report_place,
                          signer_name=common_name(signer.signing_cert), signed_at=signed_at)  # fmt: skip
    digest = hashlib.sha256(signed).hexdigest()
    name = storage().save(f"signed/{signed_at:%Y/%m}/{export.pk}-{download_name(export)}",
                          ContentFile(signed))  # fmt: skip
    try:
        with transaction.atomic():
            record = SignedExport.objects.create(
                export=export, file=name, sha256=digest, signer=subject, seal=seal,
                province=province, signed_by=by, signed_at=signed_at,
                timestamped=bool(settings.CHITIEU_SIGNING_TSA_URL),
            )  # fmt: skip
            record_export(
                of=export, action=LogEntry.Action.UPDATE,
                what=_("ký số bởi %(signer)s, SHA-256 %(digest)s")
                % {"signer": subject, "digest": digest}
                + (_(", đóng dấu số bởi %(seal)s") % {"seal": seal} if seal else ""),
            )  # fmt: skip
    except IntegrityError as error:  # signed twice at once: the other signature stands
        storage().delete(name)
        raise DomainError(_("Báo cáo này vừa được ký số ở một phiên khác.")) from error
    except BaseException:
        storage().delete(name)
        raise
    return record


def signer_subject(cert: asn1_x509.Certificate) -> str:
    return cert.subject.human_friendly


def common_name(cert: asn1_x509.Certificate) -> str:
    """The name the stamp shows: the certificate's common name (its whole subject is long)."""
    return cert.subject.native.get("common_name") or cert.subject.human_friendly
