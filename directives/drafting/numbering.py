"""The document's outline: numbered items (I., 1., a), -, +) as a tree, with text spans.

A marker type seen before closes the items opened after it (a new "2." ends "1."'s letters);
a new type opens a level below. Numbers are the document's own, joined with dots ("III.1.a");
dashes, pluses and unmarked paragraphs under a heading are counted in order ("1.2", "IV.3").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directives.drafting.fold import fold

MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(r"^([IVX]{1,5})\.\s*(?=\S)")),
    ("decimal", re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(?=\S)")),
    ("number", re.compile(r"^(\d{1,2})[.)]\s*(?=\D)")),
    ("letter", re.compile(r"^([a-zđ])\)\s*(?=\S)")),
    ("dash", re.compile(r"^[-•*]\s*(?=\S)")),
    ("plus", re.compile(r"^\+\s*(?=\S)")),
]
COUNTED = {"dash", "plus", "para"}
# Where the document ends: the list of recipients, or the closing formula "./.".
_END = re.compile(r"^\s*(?:noi nhan|kt\.|tm\.)", re.MULTILINE)


@dataclass
class Item:
    kind: str
    label: str
    start: int
    end: int
    text: str
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)
    # Unmarked paragraphs that continue this item.
    extra: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def number(self) -> str:
        parts, item = [], self
        while item is not None and item.kind != "root":
            parts.append(item.label)
            item = item.parent
        return ".".join(reversed(parts))

    def ancestors(self) -> list[Item]:
        found, item = [], self.parent
        while item is not None and item.kind != "root":
            found.append(item)
            item = item.parent
        return found


def _is_heading_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return text.rstrip().endswith(":") or (bool(letters) and all(c.isupper() for c in letters))


def outline(text: str) -> tuple[Item, tuple[int, int]]:
    """The tree of numbered items, and the span of the preamble before the first of them."""
    root = Item("root", "", 0, 0, "")
    stack: list[Item] = [root]
    preamble_end: int | None = None
    position = 0
    for line in text.split("\n"):
        line_start = position
        position += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        start = line_start + (len(line) - len(line.lstrip()))
        if _END.match(fold(stripped)):
            break
        kind, label, body_start = "para", "", start
        for marker_kind, pattern in MARKERS:
            match = pattern.match(stripped)
            if match:
                kind = marker_kind
                label = match.group(1) if match.groups() else ""
                body_start = start + match.end()
                break
        body = text[body_start : start + len(stripped)]
        if kind == "para":
            if preamble_end is None:
                continue
            closing = stripped.endswith("./.") or "co hieu luc" in fold(stripped)
            if closing:
                break
            current = stack[-1]
            heading = current.kind in ("roman", "number", "decimal") and _is_heading_line(
                current.text
            )
            if current.kind != "para" and not (heading and not current.children):
                current.extra.append((body_start, body_start + len(body), body))
                continue
        if preamble_end is None:
            preamble_end = start
        while len(stack) > 1 and kind in {i.kind for i in stack[1:]}:
            popped = stack.pop()
            if popped.kind == kind:
                break
        parent = stack[-1]
        if kind in COUNTED or kind == "para":
            label = str(sum(1 for c in parent.children if c.kind == kind) + 1)
        item = Item(kind, label, body_start, body_start + len(body), body, parent)
        parent.children.append(item)
        stack.append(item)
        if stripped.endswith("./."):
            break
    return root, (0, preamble_end if preamble_end is not None else len(text))


def walk(item: Item) -> list[Item]:
    found = []
    for child in item.children:
        found.append(child)
        found.extend(walk(child))
    return found


def full_text(item: Item) -> list[tuple[int, int, str]]:
    """The item's own words and every paragraph under it, with spans."""
    parts = [(item.start, item.end, item.text), *item.extra]
    for child in item.children:
        parts.extend(full_text(child))
    return parts
