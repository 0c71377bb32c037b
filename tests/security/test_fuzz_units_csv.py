"""Fuzzing the units CSV import: any file gets either a summary or ImportRejected, never a crash.

Run it on PostgreSQL too (scripts/test.sh with DATABASE_URL): SQLite stores text PostgreSQL
refuses (NUL characters), so a crash may only show there.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from config.errors import ImportRejected
from config.text import control_character
from tests.security.fuzzing import FUZZ, answer, nasty_text
from units.importers import CODE_PATTERN, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from units.models import Unit
from units.services import units_import

pytestmark = pytest.mark.django_db
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
LEVELS = ["province", "department", "district", "commune"]


@st.composite
def unit_rows(draw: st.DrawFn) -> list[list[str]]:
    """Rows close to a real file: free text is hostile, and at most one other cell is broken."""
    rows: list[list[str]] = []
    for _n in range(draw(st.integers(1, 5))):
        known = [row[0] for row in rows]
        row = [
            draw(st.from_regex(CODE_PATTERN, fullmatch=True)),
            draw(nasty_text.map(lambda text: f"UBND {text}")),
            draw(st.sampled_from(["", *known])),
            draw(st.sampled_from(LEVELS)),
            draw(nasty_text),
            draw(st.sampled_from(["", "1", "0", "có", "không"])),
        ]
        broken = draw(st.sampled_from([None, None, None, 0, 2, 3, 5]))
        if broken is not None:
            row[broken] = draw(nasty_text)
        rows.append(row)
    return rows


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        columns, rows = list(COLUMNS), draw(unit_rows())
    else:
        columns = draw(st.lists(st.sampled_from(COLUMNS) | nasty_text, min_size=1, max_size=7))
        rows = draw(st.lists(st.lists(nasty_text, max_size=len(columns) + 1), max_size=5))
    if draw(st.booleans()):
        out = io.StringIO()
        csv.writer(out).writerows([columns, *rows])
        text = out.getvalue()
    else:  # written by hand, unquoted: stray quotes and separators stay as they are
        text = "\n".join(",".join(row) for row in [columns, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1258"]))
    return text.encode(encoding, errors="replace")


def _imported_cleanly(data: bytes) -> object:
    summary = units_import(data=data)
    for name, kind in Unit.objects.values_list("name", "kind"):
        assert control_character(name) is None and control_character(kind) is None, name
    return summary


@settings(FUZZ, max_examples=300)
@given(data=st.one_of(csv_files(), st.binary(max_size=300)))
@example(data=b"code,name,parent,level,kind\nHNAM,UBND\x00,,province,\n")
def test_any_units_file_is_imported_or_refused_with_located_problems(data: bytes) -> None:
    before = Unit.objects.count()
    result = answer(lambda: _imported_cleanly(data))
    if isinstance(result, ImportRejected):
        assert Unit.objects.count() == before
