"""Shared pieces of the import fuzz tests: hostile text, and running a service in a rollback."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import yaml
from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

from config.errors import ImportRejected

# The database fixture is set up once per test, not per example: each example runs in its own
# savepoint (see `answer`), so sharing it is what we want.
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text an attacker or a broken export might put in a field: control characters (NUL included,
# which PostgreSQL refuses in text), quotes, separators, formulas, markup, very long runs.
_plain = st.text(max_size=30)
_special = st.sampled_from(
    ["\x00", '"', "'", ",", ";", "\n", "\r\n", "=1+1", "@SUM(A1)", "<script>", "ệ" * 300,
     "1.234,5", "-0", "1e999", "NaN", "Infinity", "9" * 40, "", " "]
)  # fmt: skip
_controls = st.text(
    alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Cs"]),
    min_size=1,
    max_size=3,
)
nasty_text = st.one_of(
    _plain, _special, st.tuples(_plain, _controls | _special, _plain).map("".join)
)


def answer(service: Callable[[], Any]) -> Any:
    """The service's result, or its ImportRejected; anything else raised fails the test.

    Whatever the service wrote is rolled back, so examples do not see each other's data.
    """
    with transaction.atomic():
        try:
            result = service()
        except ImportRejected as rejected:
            event("refused")
            assert rejected.problems, "refused without saying why"
            assert all(p.message.strip() for p in rejected.problems)
            result = rejected
        else:
            event("accepted")
        transaction.set_rollback(True)
    return result


# --- YAML import files: a valid document mutated, a valid text edited -------------------------
YamlPath = tuple[Any, ...]


def yaml_values(words: list[str]) -> st.SearchStrategy[Any]:
    """Anything YAML can say, with the file's own `words` (codes, choices) among the scalars."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(),
        st.dates(),
        nasty_text,
        st.sampled_from(words),
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
        max_leaves=6,
    )


def yaml_paths(node: Any, path: YamlPath = ()) -> list[YamlPath]:
    """Every key and list item of a parsed document, by path (the document itself excluded)."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += yaml_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += yaml_paths(value, (*path, index))
    return found


@st.composite
def mutated_yaml(draw: st.DrawFn, document: Any, words: list[str]) -> bytes:
    """The document with one to three of its parts removed or replaced by anything."""
    document = copy.deepcopy(document)
    values = yaml_values(words)
    for path in draw(st.lists(st.sampled_from(yaml_paths(document)), min_size=1, max_size=3)):
        parent: Any = document
        try:
            for part in path[:-1]:
                parent = parent[part]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode()


@st.composite
def edited_yaml(draw: st.DrawFn, text: str) -> bytes:
    """The valid text with a few characters inserted or cut anywhere (indentation, quotes…)."""
    pieces = [":", "-", "  ", "\t", "*a", "&a", "[", "]", "!!python/object:os.system"]
    for _n in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 5))
        text = text[:at] + draw(nasty_text | st.sampled_from(pieces)) + text[at + cut :]
    return text.encode("utf-8", errors="replace")


def any_yaml_file(text: str, words: list[str]) -> st.SearchStrategy[bytes]:
    """A fuzzed version of the valid file `text`: mutated, edited, or random bytes."""
    return st.one_of(
        mutated_yaml(yaml.safe_load(text), words), edited_yaml(text), st.binary(max_size=300)
    )
