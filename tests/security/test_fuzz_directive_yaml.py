"""Fuzzing the directive YAML import: a valid file with parts replaced by anything YAML can say,
raw text edits and random bytes get either a result or ImportRejected, never a crash."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from config.errors import ImportRejected
from config.text import control_character
from directives.models import Directive, Task
from directives.services import directive_import
from tests.conftest import Province
from tests.directives.directive_yaml import VALID
from tests.security.fuzzing import FUZZ, answer, nasty_text

pytestmark = pytest.mark.django_db
DOCUMENT = yaml.safe_load(VALID)
Path = tuple[Any, ...]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.dates(),
    nasty_text,
    st.sampled_from(["@district", "@nowhere", "VP-STTTT", "ratio", "each_unit", ">=", "quarter"]),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, path: Path = ()) -> list[Path]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


PATHS = _paths(DOCUMENT)[1:]


@st.composite
def mutated_documents(draw: st.DrawFn) -> bytes:
    document = copy.deepcopy(DOCUMENT)
    for path in draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=3)):
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
    """The valid file with a few characters inserted or cut anywhere (indentation, quotes…)."""
    text = VALID
    for _n in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 5))
        text = (
            text[:at]
            + draw(
                nasty_text
                | st.sampled_from([":", "-", "  ", "\t", "*a", "&a", "!!python/object:os.system"])
            )
            + text[at + cut :]
        )
    return text.encode("utf-8", errors="replace")


def _imported_cleanly(data: bytes) -> object:
    result = directive_import(data=data)
    for text in [
        *Directive.objects.values_list("title", flat=True),
        *Task.objects.values_list("title", flat=True),
    ]:
        assert control_character(text, multiline=True) is None, text
    return result


@FUZZ
@given(data=st.one_of(mutated_documents(), edited_texts(), st.binary(max_size=300)))
@example(data=VALID.replace('title: "Chỉ thị', 'title: "Chỉ thị\\0').encode())
@example(data=VALID.replace("indicators:\n", 'indicators:\n  - "DOCS\\0"\n').encode())
def test_any_directive_file_is_imported_or_refused_with_located_problems(
    province: Province, data: bytes
) -> None:
    before = Directive.objects.count()
    result = answer(lambda: _imported_cleanly(data))
    if isinstance(result, ImportRejected):
        assert Directive.objects.count() == before
