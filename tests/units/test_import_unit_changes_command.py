"""manage.py import_unit_changes FILE.yaml: the same import as the API, problems listed."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Province
from units.models import Unit, UnitEvent

pytestmark = pytest.mark.django_db
ABOLISH = """format: chitieu/unit-changes@1
changes:
  - date: 2025-07-01
    kind: abolish
    document: "NQ 1656/NQ-UBTVQH15"
    unit: VP-VINHYEN
    successor: VP
"""


def test_the_command_applies_the_file_and_says_how_many_changes(
    province: Province, tmp_path: Path
) -> None:
    file = tmp_path / "changes.yaml"
    file.write_text(ABOLISH, encoding="utf-8")
    out = StringIO()
    call_command("import_unit_changes", str(file), stdout=out)
    assert "1 thay đổi mới được áp dụng" in out.getvalue()
    assert Unit.objects.get(code="VP-VINHYEN").active is False
    call_command("import_unit_changes", str(file), stdout=out)
    assert "0 thay đổi mới được áp dụng" in out.getvalue()
    assert UnitEvent.objects.filter(kind="abolish").count() == 1


def test_the_command_lists_every_problem_and_writes_nothing(
    province: Province, tmp_path: Path
) -> None:
    file = tmp_path / "changes.yaml"
    file.write_text(ABOLISH.replace("successor: VP", "successor: VP-VINHYEN"), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_unit_changes", str(file))
    assert "dòng 7, changes[0].successor: đơn vị không thể tự kế thừa chính nó" in str(
        refused.value
    )
    assert not UnitEvent.objects.exists()
