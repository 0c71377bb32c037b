"""Fuzzing the unit-changes import: a valid file with parts replaced by anything YAML can say,
raw text edits and random bytes get either a result or ImportRejected, never a crash."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from config.errors import ImportRejected
from tests.conftest import Province
from tests.factories import UnitFactory
from tests.security.fuzzing import FUZZ, answer, nasty_text
from units.changes import unit_changes_import
from units.models import Unit, UnitEvent

pytestmark = pytest.mark.django_db
VALID = """format: chitieu/unit-changes@1
changes:
  - date: 2025-07-01
    kind: merge
    document: "1234/QĐ-UBND"
    from: [VP-STTTT, VP-SKHCN]
    into: VP-SKHCN
  - date: 2025-07-01
    kind: abolish
    document: "1656/NQ-UBTVQH15"
    unit: VP-VINHYEN
    successor: VP
  - date: 2025-07-01
    kind: rename
    document: "1234/QĐ-UBND"
    unit: VP-SKHCN
    name: "Sở Khoa học và Công nghệ"
"""
DOCUMENT = yaml.safe_load(VALID)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.dates(),
    nasty_text,
    st.sampled_from(["VP", "VP-STTTT", "VP-SKHCN", "merge", "split", "transfer", "abolish"]),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
    max_leaves=6,
)
PLACES = [("format",), ("changes",)] + [
    ("changes", i, key) for i, change in enumerate(DOCUMENT["changes"]) for key in change
]


@st.composite
def mutated_documents(draw: st.DrawFn) -> bytes:
    document = copy.deepcopy(DOCUMENT)
    for path in draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=3)):
        parent: Any = document
        try:
            for part in path[:-1]:
                parent = parent[part]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(yaml_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode()


@st.composite
def edited_texts(draw: st.DrawFn) -> bytes:
    text = VALID
    for _n in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 5))
        inserted = draw(nasty_text | st.sampled_from([":", "-", "  ", "\t", "*a", "&a", "[", "]"]))
        text = text[:at] + inserted + text[at + cut :]
    return text.encode("utf-8", errors="replace")


@FUZZ
@given(data=st.one_of(mutated_documents(), edited_texts(), st.binary(max_size=300)))
@example(data=VALID.encode())
def test_any_unit_changes_file_is_applied_or_refused_with_located_problems(
    province: Province, data: bytes
) -> None:
    if not Unit.objects.filter(code="VP-SKHCN").exists():  # examples share the test's data
        UnitFactory(code="VP-SKHCN", name="Sở KH&CN", parent=province.root)
    result = answer(lambda: unit_changes_import(data=data))
    if data == VALID.encode():
        assert not isinstance(result, ImportRejected), result.problems
    if isinstance(result, ImportRejected):
        assert result.problems and all(p.path and p.message for p in result.problems)
    assert not UnitEvent.objects.exists()  # `answer` rolled the example back
