"""The export workbook's sheets, streamed: rows are written as XML text, a few hundred at a
time parsed by lxml and written into the sheet. openpyxl's write-only mode makes a cell
object per value and writes it element by element through lxml's incremental writer; at
national scale (300,000 unit rows) that alone took longer than the minute an export may take
(issue 16). The cells keep openpyxl's meaning (types, dates as serial numbers, inline strings)
and its style registry, so the file reads back as openpyxl wrote it
(tests/reports/exports/workbook_golden.json). Every text from users is escaped, and
neutralised against formula injection."""

from __future__ import annotations

import datetime
import re
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from lxml.etree import _Element, fromstring
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.numbers import FORMAT_DATE_YYYYMMDD2, is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

PERCENT = "0.00%"
NUMBER = "#,##0.0#"  # with a fraction only: "#,##0.##" shows 12 as "12."
INTEGER = "#,##0"
DATE = "dd/mm/yyyy"
# A spreadsheet treats a cell starting with one of these as a formula (or strips it into one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
CONTEXT_FONT = Font(italic=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_TEXT = 32767  # a cell's text beyond this is cut, as openpyxl does
BATCH = 100  # rows parsed at once: from 1 to 500 the speed hardly changes
ESCAPED = re.compile(r"[&<>\r]")  # "\r" too: a parser would read a bare one as "\n"


def safe_text(text: str) -> str:
    """Text from users as inert text: a leading quote keeps "=HYPERLINK(…)" from ever being a
    formula, in this workbook or once copied elsewhere (OWASP's advice for CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None
    wrap: bool = False


class Styled(NamedTuple):
    """A value with its own format, instead of its column's."""

    value: Any
    number_format: str | None = None
    wrap: bool = False


class _Rows(WriteOnlyWorksheet):
    """A write-only worksheet whose appended lists are lxml row elements, written as they are
    (its base makes a cell object of each value and writes the cells one by one)."""

    def _write_rows(self) -> Generator[None, list[_Element], None]:
        xf = self._writer.xf.send(True)
        with xf.element("sheetData"):
            try:
                while True:
                    xf.write(*(yield))
            except GeneratorExit:
                pass
        self._writer.xf.send(None)


class Sheet:
    """A streamed sheet that prints as is: its title block (what, when, over whom) above a
    styled, filtered header row that is frozen with the unit's columns and repeated on every
    printed page; landscape A4, fitted to the page's width. A streamed sheet takes its
    widths and its print setup before its first row."""

    def __init__(
        self, book: Workbook, title: str, columns: Sequence[Column], *,
        heading: Sequence[str] = (), frozen: int = 0,
    ) -> None:  # fmt: skip
        self.ws = _Rows(parent=book, title=title)
        book._add_sheet(self.ws)  # what create_sheet does, with the streamed kind of sheet
        self.columns = columns
        self.letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        self._styles: dict[tuple[Any, ...], str] = {}
        for letter, column in zip(self.letters, columns, strict=True):
            self.ws.column_dimensions[letter].width = column.width
        self.header_row = len(heading) + 2 if heading else 1
        self.ws.freeze_panes = f"{get_column_letter(frozen + 1)}{self.header_row + 1}"
        self.ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        setup = self.ws.page_setup
        setup.orientation, setup.paperSize = "landscape", Worksheet.PAPERSIZE_A4
        setup.fitToWidth, setup.fitToHeight = 1, 0  # as many pages down as the rows need
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_options.horizontalCentered = True
        self.number = 0  # the last row written
        self._pending: list[str] = []  # rows not yet parsed and written
        for i, line in enumerate(heading):
            self._write([Styled(safe_text(line))], fonts=[TITLE_FONT if i == 0 else CONTEXT_FONT])
        if heading:
            self._write([])
        header = [Styled(c.header, wrap=True) for c in columns]
        self._write(header, fonts=[HEADER_FONT] * len(columns), fill=HEADER_FILL)
        self._flush()
        self.rows = 0
        # Per column, the look of its plain values and of its days (a day needs a day's format).
        self._plain = [self._style(c.number_format, c.wrap) for c in columns]
        self._days = [self._style(c.number_format, c.wrap, day=True) for c in columns]

    def cell(self, value: Any, number_format: str | None, *, wrap: bool = False) -> Styled:
        return Styled(value, number_format, wrap)

    def append(self, values: Iterable[Any]) -> None:
        """A row of the table: plain values take their column's format; Styled ones their own.
        It reaches the file in a batch, at the latest on close()."""
        self.number += 1
        number = str(self.number)
        row = [f'<row r="{number}">']
        for letter, style, day, value in zip(
            self.letters, self._plain, self._days, values, strict=True
        ):
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                value = safe_text(value)
            elif kind is datetime.date:
                style = day
            elif kind is Styled:
                style = self._style(value.number_format, value.wrap,
                                    day=type(value.value) is datetime.date)  # fmt: skip
                value = value.value
            row.append(_cell(letter + number, value, style))
        row.append("</row>")
        self._pending.append("".join(row))
        self.rows += 1
        if len(self._pending) >= BATCH:
            self._flush()

    def below(self, values: Sequence[Any]) -> None:
        """A row under the table (after close()), outside its filtered range, unformatted."""
        self._write([Styled(v) for v in values])
        self._flush()

    def close(self) -> None:
        self._flush()
        last = self.letters[-1]
        self.ws.auto_filter.ref = f"A{self.header_row}:{last}{self.header_row + self.rows}"

    def _write(
        self, values: Sequence[Styled], *, fonts: Sequence[Font] = (),
        fill: PatternFill | None = None,
    ) -> None:  # fmt: skip
        self.number += 1
        cells = "".join(
            _cell(f"{get_column_letter(i + 1)}{self.number}", value.value,
                  self._style(value.number_format, value.wrap, fonts[i] if fonts else None, fill,
                              day=type(value.value) is datetime.date))
            for i, value in enumerate(values)
        )  # fmt: skip
        self._pending.append(f'<row r="{self.number}">{cells}</row>')

    def _flush(self) -> None:
        if self._pending:
            self.ws.append(list(fromstring(f"<rows>{''.join(self._pending)}</rows>")))
            self._pending = []

    def _style(
        self, number_format: str | None, wrap: bool, font: Font | None = None,
        fill: PatternFill | None = None, *, day: bool = False,
    ) -> str:  # fmt: skip
        """The cell's attribute naming a look, by its id in openpyxl's own registry ("" for
        the default look). A day without a day's format takes openpyxl's, yyyy-mm-dd."""
        if day and not (number_format and is_date_format(number_format)):
            number_format = FORMAT_DATE_YYYYMMDD2
        key = (number_format, wrap, font, fill)
        if key not in self._styles:
            cell = WriteOnlyCell(self.ws)
            if number_format:
                cell.number_format = number_format
            if wrap:
                cell.alignment = WRAP
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            self._styles[key] = f' s="{cell.style_id}"' if cell.has_style else ""
        return self._styles[key]


def _cell(ref: str, value: Any, style: str) -> str:
    """A cell as openpyxl writes it in write-only mode: numbers as such, text inline, dates as
    serial numbers; an empty cell only when it has a look of its own. Text is always text
    (openpyxl would make "=…" a formula and "#N/A" an error)."""
    kind = type(value)
    if kind is str:
        text = value[:MAX_TEXT]
        if ILLEGAL_CHARACTERS_RE.search(text):
            raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
        space = ' xml:space="preserve"' if text != text.strip() else ""
        if ESCAPED.search(text):
            text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\r", "&#13;"))  # fmt: skip
        return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if kind is Decimal or kind is int or kind is float:
        # As openpyxl writes numbers: 80.0000 is "80", read back as a whole number.
        return f'<c r="{ref}"{style} t="n"><v>{float(value):.16g}</v></c>'
    if kind is datetime.date:
        return f'<c r="{ref}"{style} t="n"><v>{_serial(value)}</v></c>'
    if kind is bool:
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if value is None:
        return f'<c r="{ref}"{style} t="n"/>'
    raise TypeError(f"a cell cannot hold {value!r}")


@lru_cache(maxsize=4096)
def _serial(day: datetime.date) -> str:
    """A day as Excel's serial number (the rows of a unit repeat its report's day)."""
    return f"{to_excel(day):.16g}"
