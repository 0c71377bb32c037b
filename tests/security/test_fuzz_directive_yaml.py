"""Fuzzing the directive YAML import: a valid file with parts replaced by anything YAML can say,
raw text edits and random bytes get either a result or ImportRejected, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import example, given

from config.errors import ImportRejected
from config.text import control_character
from directives.models import Directive, Task
from directives.services import directive_import
from tests.conftest import Province
from tests.directives.directive_yaml import VALID
from tests.security.fuzzing import FUZZ, answer, any_yaml_file

pytestmark = pytest.mark.django_db
WORDS = ["@district", "@nowhere", "VP-STTTT", "ratio", "each_unit", ">=", "quarter"]


def _imported_cleanly(data: bytes) -> object:
    result = directive_import(data=data)
    for text in [
        *Directive.objects.values_list("title", flat=True),
        *Task.objects.values_list("title", flat=True),
    ]:
        assert control_character(text, multiline=True) is None, text
    return result


@FUZZ
@given(data=any_yaml_file(VALID, WORDS))
@example(data=VALID.replace('title: "Chỉ thị', 'title: "Chỉ thị\\0').encode())
@example(data=VALID.replace("indicators:\n", 'indicators:\n  - "DOCS\\0"\n').encode())
def test_any_directive_file_is_imported_or_refused_with_located_problems(
    province: Province, data: bytes
) -> None:
    before = Directive.objects.count()
    result = answer(lambda: _imported_cleanly(data))
    if isinstance(result, ImportRejected):
        assert Directive.objects.count() == before
