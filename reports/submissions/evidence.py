"""Evidence files behind reported figures: checked by their content and size, and served as
downloads that a browser will not run (config/uploads.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.uploads import name_for_type, upload_content_type
from reports.submissions.models import EvidenceFile, IndicatorValue, Submission
from reports.submissions.services import report_indicators, require_editable

if TYPE_CHECKING:
    from units.models import User

MAX_FILES_PER_FIGURE = 10


@transaction.atomic
def evidence_add(
    *, submission: Submission, indicator_code: str, upload: UploadedFile | None, by: User | None
) -> EvidenceFile:
    if upload is None:
        raise DomainError(_("Hãy chọn một tệp để đính kèm."))
    # Only the report's row: its period's row is shared by every report (see _locked).
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("period")
        .get(pk=submission.pk)
    )
    require_editable(submission)
    indicator = report_indicators(submission).get(indicator_code)
    if indicator is None:
        raise DomainError(_("Chỉ số này không thuộc báo cáo của đơn vị."))
    content_type = upload_content_type(upload)
    value, _created = IndicatorValue.objects.get_or_create(
        submission=submission, indicator=indicator
    )
    if value.evidence.count() >= MAX_FILES_PER_FIGURE:
        raise DomainError(_("Mỗi chỉ số đính kèm tối đa %(n)s tệp.") % {"n": MAX_FILES_PER_FIGURE})
    upload.seek(0)
    upload.name = name_for_type((upload.name or "tep")[-250:], content_type)
    return EvidenceFile.objects.create(
        value=value,
        file=upload,
        original_name=upload.name,
        size=upload.size,
        content_type=content_type,
        uploaded_by=by,
    )
