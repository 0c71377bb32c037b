"""Vietnamese text folded for matching: lower case, no diacritics, đ -> d.

Folding keeps one character per character, so a match found in the folded text points at the
same span of the original: every proposal can show the words it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    return base.lower() if len(base.lower()) == 1 else char.lower()


def fold(text: str) -> str:
    """Same length as `text` (given in NFC, see `clean`)."""
    return "".join(_fold_char(c) for c in text)


def clean(text: str) -> str:
    """NFC, one kind of space and dash, no carriage returns: what every other step expects."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\t", " ").replace("–", "-").replace("—", "-")
    return text


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ(\"“-]|\d)|\n+")


def sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of a paragraph with their spans in the whole document."""
    found: list[Sentence] = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            found.append(
                Sentence(
                    offset + position + lead, offset + position + lead + len(stripped), stripped
                )
            )
        position = match.end() if match else len(text)
    return found


def words_pattern(phrase: str) -> str:
    """A regex for a folded phrase, tolerant of extra spaces, matching whole words only."""
    parts = [re.escape(p) for p in phrase.split()]
    return r"(?<![a-z0-9])" + r"\s+".join(parts) + r"(?![a-z0-9])"
