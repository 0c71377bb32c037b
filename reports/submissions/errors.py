"""The errors a report's save or send answers with (409 for a stale version, 400 with every
field's messages for an invalid report); the web form, the Excel upload and the API share them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from config.errors import DomainError
from reports.submissions.validation import Report


class StaleVersion(DomainError):
    """Someone saved this report after the version the user started from."""

    status_code = 409

    def __init__(self, current: int) -> None:
        super().__init__(
            _(
                "Báo cáo đã được người khác lưu (phiên bản %(v)s) sau khi bạn mở nó. Hãy tải lại "
                "trang để xem dữ liệu mới nhất; thay đổi của bạn chưa được lưu."
            )
            % {"v": current}
        )
        self.current = current

    def as_data(self) -> dict[str, Any]:
        return {"detail": self.message, "version": self.current}


class SubmissionInvalid(DomainError):
    def __init__(self, report: Report) -> None:
        count = sum(len(messages) for messages in report.errors.values())
        super().__init__(_("Báo cáo có %(count)s lỗi; chưa có gì được lưu.") % {"count": count})
        self.report = report
        self.count = count

    def as_data(self) -> dict[str, Any]:
        return {"detail": self.message, **self.report.errors_by_field()}
