"""Domain errors: raised by services, carrying messages meant for the user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class DomainError(Exception):
    """A rule of the domain refused the action; `message` is shown to the user as is."""

    # How the API answers this refusal: the client's to fix unless a subclass says otherwise.
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def as_data(self) -> dict[str, Any]:
        return {"detail": self.message}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an import file, located by path and line."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where = _("dòng %(line)s, %(path)s") % {"line": self.line, "path": self.path}
        return f"{where}: {self.message}"


class ImportRejected(DomainError):
    """An import file was refused as a whole; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            ngettext(
                "Tệp không được nạp vì có %(count)s lỗi; không có dữ liệu nào được ghi.",
                "Tệp không được nạp vì có %(count)s lỗi; không có dữ liệu nào được ghi.",
                len(problems),
            )
            % {"count": len(problems)}
        )
        self.problems = problems

    def as_data(self) -> dict[str, Any]:
        located = [{"path": p.path, "line": p.line, "message": p.message} for p in self.problems]
        return {"detail": self.message, "errors": located}


def decode_utf8(data: bytes) -> str:
    """The file's text; a byte-order mark is tolerated, any other encoding refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [
                Problem(
                    path=_("tệp"),
                    message=_(
                        "tệp không phải mã UTF-8 (byte 0x%(byte)02x ở vị trí %(position)s); "
                        "hãy lưu lại tệp với mã UTF-8"
                    )
                    % {"byte": data[error.start], "position": error.start},
                )
            ]
        ) from None
