"""Fuzzing the unit-changes import: a valid file with parts replaced by anything YAML can say,
raw text edits and random bytes get either a result or ImportRejected, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import example, given

from config.errors import ImportRejected
from tests.conftest import Province
from tests.factories import UnitFactory
from tests.security.fuzzing import FUZZ, answer, any_yaml_file
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
WORDS = ["VP", "VP-STTTT", "VP-SKHCN", "merge", "split", "transfer", "abolish"]


@FUZZ
@given(data=any_yaml_file(VALID, WORDS))
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
