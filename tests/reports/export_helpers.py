"""Reading a PDF back with poppler-utils: its text and its fonts."""

from __future__ import annotations

import subprocess
import tempfile


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


def pdf_fonts(data: bytes) -> list[str]:
    """The names of the fonts embedded in the PDF (pdffonts), subset prefixes dropped."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        lines = subprocess.run(
            ["/usr/bin/pdffonts", pdf.name], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
    return sorted({line.split()[0].split("+")[-1] for line in lines if line.strip()})
