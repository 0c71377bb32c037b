"""A workbook read back with openpyxl as plain data: every sheet's layout and every cell's value,
type and look, so two ways of writing the same export can be compared cell by cell."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell


def _cell(cell: Cell) -> list[Any]:
    font, fill, align = cell.font, cell.fill, cell.alignment
    return [
        cell.coordinate, cell.data_type, type(cell.value).__name__,
        None if cell.value is None else str(cell.value), cell.number_format,
        [bool(font.b), bool(font.i), float(font.sz or 0)],
        [fill.patternType, fill.fgColor.rgb if fill.patternType else None],
        [bool(align.wrap_text), align.vertical],
    ]  # fmt: skip


def workbook_dump(data: bytes) -> dict[str, Any]:
    """JSON-friendly: the file's properties, then per sheet its print and view setup, column
    widths and every cell that holds a value or a style."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = []
    for sheet in book:
        setup = sheet.page_setup
        sheets.append({
            "title": sheet.title,
            "freeze_panes": sheet.freeze_panes,
            "print_title_rows": sheet.print_title_rows,
            "auto_filter": sheet.auto_filter.ref,
            "page": [setup.orientation, str(setup.paperSize), setup.fitToWidth,
                     setup.fitToHeight, bool(sheet.sheet_properties.pageSetUpPr.fitToPage),
                     bool(sheet.print_options.horizontalCentered)],
            "widths": {k: d.width for k, d in sorted(sheet.column_dimensions.items())},
            "cells": [
                _cell(c) for row in sheet.iter_rows() for c in row
                if c.value is not None or c.has_style
            ],
        })  # fmt: skip
    return {
        "properties": [book.properties.creator, book.properties.lastModifiedBy,
                       book.properties.title],
        "sheets": sheets,
    }  # fmt: skip
