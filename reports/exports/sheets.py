"""The export workbook's sheets, streamed: each row becomes one lxml element written straight
into the sheet's XML. openpyxl's write-only mode makes a cell object per value and writes it
element by element through lxml's incremental writer; at national scale (300,000 unit rows)
that alone took longer than the minute an export may take (issue 16). The cells keep
openpyxl's meaning (types, dates as serial numbers, inline strings) and its style registry,
so the file reads back as openpyxl wrote it (tests/reports/exports/workbook_golden.json).
Every text from users is neutralised against formula injection."""

from __future__ import annotations

import datetime
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from lxml.etree import Element, SubElement, _Element
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
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
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAX_TEXT = 32767  # a cell's text beyond this is cut, as openpyxl does


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
    """A write-only worksheet whose rows arrive as lxml elements, written as they are."""

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
        self._styles: dict[tuple[Any, ...], str | None] = {}
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
        for i, line in enumerate(heading):
            self._write([Styled(safe_text(line))], fonts=[TITLE_FONT if i == 0 else CONTEXT_FONT])
        if heading:
            self._write([])
        header = [Styled(c.header, wrap=True) for c in columns]
        self._write(header, fonts=[HEADER_FONT] * len(columns), fill=HEADER_FILL)
        self.rows = 0
        self._plain = [self._style(c.number_format, c.wrap) for c in columns]  # per column

    def cell(self, value: Any, number_format: str | None, *, wrap: bool = False) -> Styled:
        return Styled(value, number_format, wrap)

    def append(self, values: Iterable[Any]) -> None:
        """A row of the table: plain values take their column's format; Styled ones their own."""
        self.number += 1
        number = str(self.number)
        row = Element("row", r=number)
        for letter, style, value in zip(self.letters, self._plain, values, strict=True):
            if value is None or value == "":
                continue
            if type(value) is Styled:
                value, style = value.value, self._style(value.number_format, value.wrap)
            elif type(value) is str:
                value = safe_text(value)
            _cell(row, letter + number, value, style)
        self.ws.append([row])
        self.rows += 1

    def below(self, values: Sequence[Any]) -> None:
        """A row under the table, outside its filtered range, unformatted."""
        self._write([Styled(v) for v in values])

    def close(self) -> None:
        last = self.letters[-1]
        self.ws.auto_filter.ref = f"A{self.header_row}:{last}{self.header_row + self.rows}"

    def _write(
        self, values: Sequence[Styled], *, fonts: Sequence[Font] = (),
        fill: PatternFill | None = None,
    ) -> None:  # fmt: skip
        self.number += 1
        row = Element("row", r=str(self.number))
        for i, value in enumerate(values):
            font = fonts[i] if fonts else None
            style = self._style(value.number_format, value.wrap, font, fill)
            _cell(row, f"{get_column_letter(i + 1)}{self.number}", value.value, style)
        self.ws.append([row])

    def _style(
        self, number_format: str | None, wrap: bool, font: Font | None = None,
        fill: PatternFill | None = None,
    ) -> str | None:  # fmt: skip
        """The workbook's id of a look, from openpyxl's own registry (None: the default)."""
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
            self._styles[key] = str(cell.style_id) if cell.has_style else None
        return self._styles[key]


def _cell(row: _Element, ref: str, value: Any, style: str | None) -> None:
    """A cell as openpyxl writes it in write-only mode: numbers as such, text inline, dates as
    serial numbers; an empty cell only when it has a look of its own. Text is always text
    (openpyxl would make "=…" a formula and "#N/A" an error)."""
    kind = type(value)
    attrs = {"r": ref, "s": style} if style else {"r": ref}
    if kind is str:
        text = value[:MAX_TEXT]
        if ILLEGAL_CHARACTERS_RE.search(text):
            raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
        attrs["t"] = "inlineStr"
        inline = SubElement(SubElement(row, "c", attrs), "is")
        shown = SubElement(inline, "t", {XML_SPACE: "preserve"} if text != text.strip() else {})
        shown.text = text
        return
    if kind is bool:
        attrs["t"], text = "b", str(int(value))
    elif kind is Decimal or kind is int or kind is float:
        attrs["t"], text = "n", f"{float(value):.16g}"  # as openpyxl: 80.0000 is 80
    elif kind is datetime.date:
        attrs["t"], text = "n", f"{to_excel(value):.16g}"
    elif value is None:
        attrs["t"] = "n"
        SubElement(row, "c", attrs)
        return
    else:
        raise TypeError(f"a cell cannot hold {value!r}")
    SubElement(SubElement(row, "c", attrs), "v").text = text
