"""An indicator for each target: one of the catalogue's by meaning, or a new one with labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from directives.drafting.fold import fold

# Words that say nothing about what is measured.
_STOP = {
    "cac", "cua", "va", "duoc", "co", "tai", "tren", "trong", "de", "cho", "voi", "la", "nhung",
    "dat", "phai", "dia", "ban", "tinh", "the", "nay", "do", "theo", "ty", "le", "so",
}  # fmt: skip
# Mean of the token-set and token-sort ratios: the set ratio alone calls a short phrase that
# shares two words with a name a match.
MATCH_AT = 55


@dataclass(frozen=True)
class IndicatorRef:
    code: str
    name: str
    kind: str
    numerator: str = ""
    denominator: str = ""
    unit: str = ""


@dataclass
class Proposal:
    code: str
    rule: str
    score: float
    spec: dict | None  # the full declaration of a new indicator; None for a catalogue one


class Catalogue:
    def __init__(self, indicators: list[IndicatorRef]) -> None:
        self.indicators = indicators
        self.folded = [fold(i.name) for i in indicators]
        self.new: dict[str, dict] = {}

    def propose(self, phrase_folded: str, phrase: str, kind: str) -> Proposal:
        best, score = None, 0.0
        for indicator, name in zip(self.indicators, self.folded, strict=True):
            if indicator.kind != kind:
                continue
            mine, theirs = _content(phrase_folded), _content(name)
            ratio = (fuzz.token_set_ratio(mine, theirs) + fuzz.token_sort_ratio(mine, theirs)) / 2
            if ratio > score:
                best, score = indicator, ratio
        if best is not None and score >= MATCH_AT:
            return Proposal(best.code, "catalogue_by_meaning", score, None)
        return self._new(phrase_folded, phrase, kind, score)

    def _new(self, phrase_folded: str, phrase: str, kind: str, score: float) -> Proposal:
        words = [w for w in re.findall(r"[a-z0-9]+", phrase_folded) if w not in _STOP][:5]
        base = "MOI_" + ("_".join(words).upper() or "CHI_SO")
        base = base[:56]
        code, n = base, 2
        while code in self.new and self.new[code]["_phrase"] != phrase_folded:
            code, n = f"{base}_{n}", n + 1
        text = phrase.strip(" ,.;:") or "chỉ tiêu"
        if kind == "ratio":
            spec = {
                "code": code,
                "name": f"Tỷ lệ {text}"[:500] if not phrase_folded.startswith("ty le") else text,
                "kind": "ratio",
                "numerator": f"Số {text}"[:250],
                "denominator": "Tổng số " + " ".join(text.split()[:4])[:240],
                "unit": "%",
            }
        elif kind == "count":
            spec = {"code": code, "name": f"Số {text}"[:500], "kind": "count", "unit": "người"}
        else:
            spec = {
                "code": code,
                "name": text[:1].upper() + text[1:500],
                "kind": "boolean",
                "unit": "có/không",
            }
        self.new[code] = {**spec, "_phrase": phrase_folded}
        return Proposal(code, "new_indicator", score, spec)


def _content(folded: str) -> str:
    return " ".join(w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOP)
