"""YAML read safely, with the line of every key and list item, so each problem is located."""

from __future__ import annotations

from typing import Any

import yaml
from django.utils.translation import gettext as _

from config.errors import ImportRejected, Problem
from directives.importers.schema import Path, format_path


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so an impossible date becomes a located problem."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_with_lines(text: str) -> tuple[Any, dict[Path, int], list[Problem]]:
    """The YAML document, the line of every key and list item, and duplicate-key problems."""
    try:
        loader = _Loader(text)  # checks every character first: a control character stops it here
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        message = _("có ký tự điều khiển %(char)s; hãy xóa ký tự này") % {
            "char": f"U+{error.character:04X}"
        }
        raise ImportRejected([Problem(_("tệp"), message, line)]) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ImportRejected(
            [
                Problem(
                    _("tệp"),
                    _("YAML không hợp lệ: %(problem)s") % {"problem": problem},
                    mark.line + 1 if mark else None,
                )
            ]
        ) from None
    lines: dict[Path, int] = {(): 1}
    problems: list[Problem] = []

    visited: set[int] = set()

    def walk(current: yaml.Node, path: Path) -> None:
        # An alias reuses its anchor's node: record each node once, so an alias that refers to
        # itself ends, and a "billion laughs" file costs no more than its own length.
        if id(current) in visited:
            return
        visited.add(id(current))
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                key = str(key_node.value)
                child = (*path, key)
                lines[child] = key_node.start_mark.line + 1
                if key in seen:
                    problems.append(Problem(format_path(child), _("khóa bị lặp"), lines[child]))
                seen.add(key)
                walk(value_node, child)
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                lines[(*path, index)] = item.start_mark.line + 1
                walk(item, (*path, index))

    if node is not None:
        walk(node, ())
    return data, lines, problems
