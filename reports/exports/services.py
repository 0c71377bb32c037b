"""Every write of the exports: asking for one, building it (in the worker), retrying, and the
clean-up of old and lost ones. The web pages and the API call these same functions."""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
from typing import TYPE_CHECKING

from auditlog.models import LogEntry
from celery import signature
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.audit import record_export
from config.errors import DomainError
from directives.models import Directive
from reports.compliance.areas import figures_area
from reports.compliance.restate import HISTORIC, STRUCTURE_UNKNOWN, STRUCTURES
from reports.compliance.selectors import compliance_run
from reports.exports.content import BASIS, report_content
from reports.exports.models import CLOSING_MAX, Export
from reports.exports.pdf import Closing, heading, write_pdf
from reports.exports.workbook import write_workbook
from reports.periods.models import Period
from units.permissions import Action, allowed
from units.selectors import province_profile_of

if TYPE_CHECKING:
    from units.models import User

logger = logging.getLogger(__name__)
BUILD_TASK = "reports.tasks.build_export"
IN_FLIGHT = (Export.Status.QUEUED, Export.Status.RUNNING)
PARTIAL_DIR = ".partial"


def export_request(
    *, by: User, directive: Directive, period: Period, format: str, unit_code: str | None = None,
    structure: str = HISTORIC, on: datetime.date | None = None, assessment: str = "",
    next_steps: str = "",
) -> Export:  # fmt: skip
    """Queue an export of the official figures over the unit's subtree (the widest part of the
    province the user sees by default), in the structure of the period's time or restated onto
    that of `on` (today by default). A PDF's closing sections are the officer's texts (blank:
    drafted from the reports). The same request still in progress is returned as is."""
    if not allowed(by, Action.DIRECTIVE_VIEW, directive):
        raise PermissionDenied
    area = figures_area(user=by, directive=directive, code=unit_code or None)
    if not allowed(by, Action.EXPORT, area):
        raise PermissionDenied
    if format not in Export.Format.values:
        raise DomainError(_("Định dạng kết xuất không hợp lệ: chọn PDF hoặc Excel."))
    if structure not in STRUCTURES:
        raise DomainError(str(STRUCTURE_UNKNOWN))
    closing = _closing_texts(format, assessment, next_steps)
    restated_on = (on or timezone.localdate()) if structure != HISTORIC else None
    if compliance_run(directive=directive, period=period, basis=BASIS) is None:
        raise DomainError(
            _("Văn bản %(code)s chưa có số liệu chính thức cho %(period)s: chưa thể kết xuất.")
            % {"code": directive.code, "period": period.label}
        )
    with transaction.atomic():
        wanted = {"format": format, "directive": directive, "period": period, "area": area,
                  "structure": structure, "restated_on": restated_on, **closing,
                  "language": _language()}  # fmt: skip
        running = Export.objects.filter(**wanted, requested_by=by, status__in=IN_FLIGHT).first()
        if running is not None:
            return running
        export = Export.objects.create(**wanted, requested_by=by)
        record_export(of=export, what=download_name(export), action=LogEntry.Action.CREATE)
        _schedule(export.pk)
    return export


def _language() -> str:
    """The active interface language, one of the portal's (the default when none is active)."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    known = {code for code, _name in settings.LANGUAGES}
    return active if active in known else settings.LANGUAGE_CODE


def _closing_texts(format: str, assessment: str, next_steps: str) -> dict[str, str]:
    """The closing sections kept with a PDF export (a workbook has none)."""
    if format != Export.Format.PDF:
        return {"assessment": "", "next_steps": ""}
    texts = {"assessment": assessment.strip(), "next_steps": next_steps.strip()}
    for text in texts.values():
        if len(text) > CLOSING_MAX:
            raise DomainError(
                _("Mỗi phần đánh giá, đề xuất dài tối đa %(most)s ký tự (đang có %(n)s).")
                % {"most": CLOSING_MAX, "n": len(text)}
            )
    return texts


def export_retry(*, export: Export, by: User) -> Export:
    """A failed export asked again, as a new export with the same choices."""
    if export.status != Export.Status.FAILED:
        raise DomainError(_("Chỉ tạo lại được tệp kết xuất không thành công."))
    return export_request(
        by=by, directive=export.directive, period=export.period, format=export.format,
        unit_code=export.area.code, structure=export.structure, on=export.restated_on,
        assessment=export.assessment, next_steps=export.next_steps,
    )  # fmt: skip


def _schedule(export_id: int) -> None:
    task = signature(BUILD_TASK, args=(export_id,))  # by name: the task module imports this one
    # robust: with the broker down the export stays queued (the request does not fail) and is
    # marked failed, to be made again, once CHITIEU_EXPORT_STALE_MINUTES have passed.
    transaction.on_commit(lambda: task.apply_async(), robust=True)


def storage() -> Storage:
    return storages["exports"]


def download_name(export: Export) -> str:
    """ "bao-cao-36a-kh-ubnd-quy-iv-nam-2016.pdf": plain letters, for every mail client."""
    kind = "bao-cao" if export.format == Export.Format.PDF else "so-lieu"
    words = f"{kind} {export.directive.code} {export.period.label}"
    if export.area.parent_id is not None:
        words += f" {export.area.code}"
    plain = words.replace("/", " ").replace("đ", "d").replace("Đ", "D")
    return f"{slugify(plain)}.{export.format}"


def _progress(export_id: int):
    def report(percent: int) -> None:
        Export.objects.filter(pk=export_id, status=Export.Status.RUNNING).update(
            progress=max(0, min(percent, 99))
        )

    return report


def export_build(*, export: Export) -> Export:
    """Make the file (in the worker). Idempotent: a finished or failed export is left alone, a
    running one (its first worker died) is made again from the start. The file is written to a
    scratch name and moved into place; the export offers it only once it is whole. It is made
    in the language of whoever asked for it."""
    with translation.override(export.language or settings.LANGUAGE_CODE):
        return _build(export)


def _build(export: Export) -> Export:
    now = timezone.now()
    claimed = Export.objects.filter(pk=export.pk, status__in=IN_FLIGHT).update(
        status=Export.Status.RUNNING, started_at=now, progress=1, error=""
    )
    if not claimed:
        export.refresh_from_db()
        return export
    progress = _progress(export.pk)
    scratch = None
    try:
        content = report_content(directive=export.directive, period=export.period, area=export.area,
                                 structure=export.structure, on=export.restated_on)  # fmt: skip
        profile = province_profile_of(export.area)
        progress(10)
        scratch = _scratch_file(export)
        if export.format == Export.Format.PDF:
            issued_on = timezone.localdate(export.requested_at)
            head = heading(profile=profile, number="", issued_on=issued_on)
            closing = Closing(assessment=export.assessment, next_steps=export.next_steps)
            write_pdf(content, head, scratch, progress, closing)
        else:
            write_workbook(content, scratch, progress, author=profile.owner_name)
        scratch.close()
        with open(scratch.name, "rb") as whole:
            name = storage().save(_file_name(export), _MovableFile(whole, scratch.name))
    except Exception as error:
        logger.exception("export %s failed", export.pk)
        _fail(export.pk, _("Lỗi khi tạo tệp: %(error)s. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống.")
              % {"error": f"{type(error).__name__}: {error}"[:500]})  # fmt: skip
        export.refresh_from_db()
        return export
    finally:
        if scratch is not None and os.path.exists(scratch.name):
            os.unlink(scratch.name)
    done = Export.objects.filter(pk=export.pk, status=Export.Status.RUNNING).update(
        status=Export.Status.DONE, file=name, progress=100, finished_at=timezone.now()
    )
    if not done:  # declared lost meanwhile (export_fail_stale): keep no file nobody is offered
        storage().delete(name)
    export.refresh_from_db()
    return export


class _MovableFile(File):
    """A finished scratch file: FileSystemStorage moves it into place (a rename on the same
    disk) rather than copying it."""

    def __init__(self, file, path: str) -> None:
        super().__init__(file, name=os.path.basename(path))
        self._path = path

    def temporary_file_path(self) -> str:
        return self._path


def _scratch_file(export: Export):
    """A temporary file beside the exports when they are on disk, so the move is a rename."""
    target = storage()
    directory = None
    if isinstance(target, FileSystemStorage):
        directory = os.path.join(target.location, PARTIAL_DIR)
        os.makedirs(directory, exist_ok=True)
    return tempfile.NamedTemporaryFile(
        prefix=f"export-{export.pk}-", suffix=f".{export.format}", dir=directory, delete=False
    )


def _file_name(export: Export) -> str:
    day = timezone.localdate(export.requested_at)
    return f"exports/{day:%Y/%m}/{export.pk}-{download_name(export)}"


def _fail(export_id: int, message: str) -> None:
    Export.objects.filter(pk=export_id).exclude(status=Export.Status.DONE).update(
        status=Export.Status.FAILED, error=message, finished_at=timezone.now()
    )


def export_fail_stale(*, now: datetime.datetime) -> int:
    """Exports queued or running for too long: their worker died (or the queue was lost).
    They are marked failed, with why, so the officer can retry; nothing is offered."""
    limit = now - datetime.timedelta(minutes=settings.CHITIEU_EXPORT_STALE_MINUTES)
    lost = Export.objects.filter(status__in=IN_FLIGHT).filter(
        Q(started_at__lt=limit) | Q(started_at__isnull=True, requested_at__lt=limit)
    )
    return lost.update(
        status=Export.Status.FAILED, finished_at=now, error=_(
            "Máy chủ dừng giữa chừng khi đang tạo tệp (quá %(minutes)s phút không xong). "
            "Hãy bấm Tạo lại."
        ) % {"minutes": settings.CHITIEU_EXPORT_STALE_MINUTES},
    )  # fmt: skip


def export_cleanup(*, now: datetime.datetime) -> int:
    """Delete the exports older than the retention, with their files, and scratch files left
    by a dying worker. Returns the number of exports deleted."""
    limit = now - datetime.timedelta(days=settings.CHITIEU_EXPORT_RETENTION_DAYS)
    old = list(Export.objects.filter(requested_at__lt=limit).exclude(status__in=IN_FLIGHT))
    for export in old:
        if export.file:
            storage().delete(export.file.name)
        export.delete()
    target = storage()
    if isinstance(target, FileSystemStorage):
        directory = os.path.join(target.location, PARTIAL_DIR)
        day_ago = now.timestamp() - 86400
        for entry in os.scandir(directory) if os.path.isdir(directory) else []:
            if entry.stat().st_mtime < day_ago:
                os.unlink(entry.path)
    return len(old)
