"""Reading a PDF back with poppler-utils: its text and its fonts."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from dataclasses import dataclass


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    """The PDF's text as pdftotext gives it: in reading order, or with `layout` as placed on
    the page (a table row on one line)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        return subprocess.run(
            ["/usr/bin/pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", pdf.name, "-"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    text: str


_PAGE_OR_WORD = re.compile(
    r'<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)


def pdf_words(data: bytes) -> list[Word]:
    """Every word of the PDF with its page and box in points (pdftotext -bbox)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        xhtml = subprocess.run(
            ["/usr/bin/pdftotext", "-bbox", "-enc", "UTF-8", pdf.name, "-"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    words, page = [], -1
    for match in _PAGE_OR_WORD.finditer(xhtml):
        if match.group(4) is None:
            page += 1
            continue
        x0, y0, x1 = (float(match.group(i)) for i in (1, 2, 3))
        words.append(Word(page, x0, y0, x1, html.unescape(match.group(4))))
    return words


def pdf_fonts(data: bytes) -> list[str]:
    """The names of the fonts embedded in the PDF (pdffonts), subset prefixes dropped."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        lines = subprocess.run(
            ["/usr/bin/pdffonts", pdf.name], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
    return sorted({line.split()[0].split("+")[-1] for line in lines if line.strip()})
