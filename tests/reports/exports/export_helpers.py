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


# Words further apart than this on a line sit in different cells: a space is about 3pt, two
# cells' texts are at least their paddings and border apart (4pt + 0.6pt + 4pt).
CELL_GAP = 6.0


def _segments(line: list[Word]) -> list[list[Word]]:
    """A line's words, left to right, cut where the gap is wider than a space."""
    segments = [[line[0]]]
    for word in line[1:]:
        if word.x0 - segments[-1][-1].x1 > CELL_GAP:
            segments.append([])
        segments[-1].append(word)
    return segments


def _away(span: tuple[float, float], x: float) -> float:
    """How far x lies outside a span (0: within it)."""
    return max(span[0] - x, x - span[1], 0)


def pdf_rows(data: bytes, count: int) -> list[list[str]]:
    """The cells' texts of each row of the targets table (section II), in order, read by
    position: a row starts on a line of six cells opening with its number; its cells' wrapped
    lines below (same page) go to the cell they sit under. Header lines are skipped."""
    lines: list[list[Word]] = []
    for word in sorted(pdf_words(data), key=lambda w: (w.page, w.y0, w.x0)):
        if lines and lines[-1][0].page == word.page and abs(lines[-1][0].y0 - word.y0) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    texts = [" ".join(w.text for w in line) for line in lines]
    start = texts.index("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    end = next(i for i in range(start, len(texts)) if texts[i].startswith("III. "))
    # page, the span of each cell's first line, the words of each cell
    rows: list[tuple[int, list[tuple[float, float]], list[list[Word]]]] = []
    header = False
    for line in lines[start + 1 : end]:
        segments = _segments(line)
        if segments[0][0].text == "STT":
            header = True
        elif len(segments) == 6 and re.fullmatch(r"\d+", segments[0][0].text):
            rows.append((line[0].page, [(c[0].x0, c[-1].x1) for c in segments], segments))
            header = False
        elif not header and rows and rows[-1][0] == line[0].page:
            _, spans, cells = rows[-1]
            for segment in segments:
                middle = (segment[0].x0 + segment[-1].x1) / 2
                column = min(range(6), key=lambda i: _away(spans[i], middle))
                cells[column].extend(segment)
    table = [[" ".join(w.text for w in cell) for cell in cells] for _, _, cells in rows]
    assert [row[0] for row in table] == [str(n) for n in range(1, count + 1)]
    return table
