"""Unit names and level phrases found in folded text, matched to a province's unit tree.

Names are forgiven their diacritics (folding), the province's name ("Sở Nội vụ" for "Sở Nội vụ
tỉnh Vĩnh Phúc"), "UBND" for "Ủy ban nhân dân" and initials ("Sở TT&TT"); other near misses go
through rapidfuzz. Collective phrases become level selectors: "các sở, ban, ngành" ->
@department, "UBND các huyện, thành, thị" -> @district, "các xã, phường, thị trấn" -> @commune.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from directives.drafting.fold import fold, words_pattern


@dataclass(frozen=True)
class UnitRef:
    code: str
    name: str
    level: str
    is_root: bool = False


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    selectors: tuple[str, ...]
    rule: str


_DISTRICT_WORD = r"(?:thanh pho|thi xa|thanh|thi|tp|tx)"
_SEP = r"(?:\s*,\s*|\s+va\s+|\s+)"
_UBND = r"(?:ubnd|uy ban nhan dan)"
LEVEL_PHRASES: list[tuple[str, tuple[str, ...], re.Pattern[str]]] = [
    (
        "levels_listed",
        ("@department", "@district", "@commune"),
        re.compile(r"cap tinh\s*,?\s*(?:cap\s+)?huyen\s*,?\s*(?:va\s+)?(?:cap\s+)?xa"),
    ),
    (
        "levels_listed",
        ("@department", "@district"),
        re.compile(r"cap tinh\s*,?\s*(?:va\s+)?(?:cap\s+)?huyen"),
    ),
    (
        "departments_and_localities",
        ("@department", "@district"),
        re.compile(r"(?:cac\s+)?(?:so\s*,?\s*ban\s*,?\s*nganh|so\s*,?\s*nganh)\s*,\s*dia phuong"),
    ),
    (
        "departments",
        ("@department",),
        re.compile(
            r"(?:cac\s+)?(?:so\s*,\s*ban\s*,\s*nganh|so\s*,\s*nganh|so\s+ban\s+nganh|so\s+nganh)"
        ),
    ),
    (
        "districts",
        ("@district",),
        re.compile(
            r"(?:"
            + _UBND
            + r"\s+)?(?:cac\s+)?huyen"
            + _SEP
            + _DISTRICT_WORD
            + r"(?:"
            + _SEP
            + _DISTRICT_WORD
            + r")*(?![a-z])"
        ),
    ),
    ("districts", ("@district",), re.compile(_UBND + r"\s+(?:cac\s+)?(?:cap\s+)?huyen(?![a-z])")),
    ("districts", ("@district",), re.compile(r"(?:cac\s+)?cap\s+huyen(?![a-z])")),
    ("departments", ("@department",), re.compile(r"(?:co quan\s+)?cap\s+tinh(?![a-z])")),
    ("districts", ("@district",), re.compile(r"cac\s+dia phuong(?![a-z])")),
    (
        "communes",
        ("@commune",),
        re.compile(r"(?:" + _UBND + r"\s+)?(?:cac\s+)?(?:xa\s*,\s*phuong\s*,\s*thi tran|cap\s+xa)"),
    ),
    ("communes", ("@commune",), re.compile(r"(?:" + _UBND + r"\s+)?cac\s+xa(?![a-z]|\s+hoi)")),
    (
        "state_agencies",
        ("@department", "@district"),
        re.compile(r"(?:cac\s+)?co quan\s*,\s*don vi|(?:cac\s+)?co quan (?:hanh chinh )?nha nuoc"),
    ),
    ("enterprises", ("@enterprise",), re.compile(r"cac\s+doanh nghiep(?: vien thong)?")),
]
# A ministry or national body is not a unit of the province, whatever its name ends with.
_NATIONAL = re.compile(r"(?:bo|cuc|chinh phu|trung uong|quoc gia)\s*$")


def _initials(words: str) -> str:
    return "".join(w[0] for w in words.split() if w[0].isalnum())


def name_variants(unit: UnitRef, province: str) -> set[str]:
    """Folded spellings of a unit's name as a document may write it."""
    name = fold(unit.name)
    variants = {name}
    if province and name.endswith(" " + province):
        short = name[: -len(province) - 1].strip()
        variants.add(short)
        bare = short.removesuffix(" tinh").strip()
        if len(bare.split()) > 2:
            variants.add(bare)
    if name.startswith("ubnd ") and unit.level != "province":
        variants.add(name.removeprefix("ubnd "))
    for variant in list(variants):
        if variant.startswith("so ") and " va " in variant:
            tail = variant[3:].removesuffix(" tinh").split(" - ")[0]
            groups = [_initials(g) for g in tail.split(" va ")]
            variants |= {
                "so " + "&".join(groups),
                "so " + "".join(groups),
                "so " + " va ".join(groups),
            }
    for variant in list(variants):
        if "ubnd" in variant:
            variants.add(variant.replace("ubnd", "uy ban nhan dan"))
        if "thanh pho " in variant:
            variants.add(variant.replace("thanh pho ", "tp "))
        if "thi xa " in variant:
            variants.add(variant.replace("thi xa ", "tx "))
    # One bare word (a brand like "VNPT") is kept only when it cannot be an ordinary word.
    return {
        v for v in variants if len(v.split()) > 1 or (len(v) >= 4 and v.isascii() and v == fold(v))
    }


_WORD = re.compile(r"(?<![a-z0-9&])[a-z0-9&]+")


class UnitMatcher:
    """Finds unit and level mentions for one province."""

    def __init__(
        self, units: list[UnitRef], levels: set[str], aliases: dict[str, str] | None = None
    ) -> None:
        root = next((u for u in units if u.is_root), None)
        self.root_code = root.code if root else None
        self.province = _province_name(root.name) if root else ""
        self.levels = levels
        self.level_counts: dict[str, int] = {}
        for unit in units:
            self.level_counts[unit.level] = self.level_counts.get(unit.level, 0) + 1
        spellings: dict[str, str] = {}
        for unit in units:
            for variant in name_variants(unit, self.province):
                spellings.setdefault(variant, unit.code)
        for name, code in (aliases or {}).items():
            spellings[fold(name).strip()] = code
        self.spellings = spellings
        # Spellings by their first word, longest first: one dictionary look-up per word of the
        # text, whatever the size of the province (one big alternation was seconds per page).
        self.by_first_word: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for spelling in sorted(spellings, key=len, reverse=True):
            first = spelling.split()[0]
            self.by_first_word.setdefault(first, []).append(
                (spelling, re.compile(words_pattern(spelling)))
            )

    def mentions(self, folded: str, offset: int = 0) -> list[Mention]:
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return not any(start < e and s < end for s, e in taken)

        position = 0
        for word in _WORD.finditer(folded):
            if word.start() < position:
                continue
            for spelling, pattern in self.by_first_word.get(word.group(0), ()):
                match = pattern.match(folded, word.start())
                if match is None:
                    continue
                if not _NATIONAL.search(folded[max(0, match.start() - 14) : match.start()]):
                    code = self.spellings[spelling]
                    found.append(
                        Mention(offset + match.start(), offset + match.end(), (code,), "unit_name")
                    )
                    taken.append(match.span())
                    position = match.end()
                break
        for rule, selectors, pattern in LEVEL_PHRASES:
            wanted = tuple(s for s in selectors if s[1:] in self.levels)
            if not wanted:
                continue
            for match in pattern.finditer(folded):
                if free(*match.span()):
                    found.append(
                        Mention(offset + match.start(), offset + match.end(), wanted, rule)
                    )
                    taken.append(match.span())
        return sorted(found, key=lambda m: m.start)

    def fuzzy(self, phrase: str) -> tuple[str | None, float]:
        """The unit a name not found as written most likely means, with its score (0-100)."""
        folded = fold(phrase).strip()
        best, score = None, 0.0
        for spelling, code in self.spellings.items():
            ratio = fuzz.ratio(folded, spelling)
            if ratio > score:
                best, score = code, ratio
        return (best, score) if score >= 88 else (None, score)


_CANDIDATE = re.compile(
    r"(?<![a-z])(?:so|ban|trung tam|van phong|dai|bao|cong an|ubnd huyen|ubnd thi xa|ubnd thanh pho)"
    r"\s+[a-z&]+(?:\s+(?:va\s+)?[a-z&-]+){0,6}"
)
_KINDS_WRITTEN = ("Sở ", "Ban ", "Trung tâm ", "Văn phòng ", "Đài ", "Báo ", "Công an ", "UBND ")
_VERBS = re.compile(
    r"\s(?:chu tri|phoi hop|tham muu|huong dan|co trach nhiem|thuc hien|trien khai|xay dung|"
    r"to chuc|uu tien|chu dong|khan truong|theo doi|nghien cuu|bao dam|dam bao|tong hop|"
    r"kiem tra|de xuat|cung|lap|chi dao|quan ly|giao|tren|tai|de|trong|cua|ve|voi)(?![a-z])"
)


def unmatched_names(
    matcher: UnitMatcher, text: str, folded: str, mentions: list[Mention], offset: int = 0
) -> list[tuple[str, int, int, str | None]]:
    """Names of units that look like one (Sở …, Ban …) but match no unit: (name, start, end,
    the closest unit's code when rapidfuzz is sure enough)."""
    result = []
    for match in _CANDIDATE.finditer(folded):
        start = offset + match.start()
        if any(m.start <= start < m.end for m in mentions) or not text[match.start()].isupper():
            continue
        if not text.startswith(_KINDS_WRITTEN, match.start()):  # "Bảo đảm" is not "Báo …"
            continue
        name = _proper_name(text[match.start() : match.end()])
        if len(name.split()) < 2:
            continue
        code, _ = matcher.fuzzy(name)
        result.append((name, start, start + len(name), code))
    return result


def _proper_name(words: str) -> str:
    """ "Sở Tư pháp bố trí …" -> "Sở Tư pháp": capitalised words, each with the lower-case
    syllable that completes it, and "và" between them."""
    kept: list[str] = []
    lower_run = 0
    for word in words.split():
        if word[:1].isupper() or word in ("&", "-") or (word == "và" and kept):
            lower_run = 0
        else:
            lower_run += 1
            if lower_run > 1 or _VERBS.match(" " + fold(word)):
                break
        kept.append(word)
    while kept and kept[-1] in ("và", "&", "-"):
        kept.pop()
    return " ".join(kept).strip(" ,;:.")


def _province_name(root_name: str) -> str:
    folded = fold(root_name)
    for marker in ("tinh ", "thanh pho "):
        if marker in folded:
            return folded.split(marker, 1)[1].strip()
    return ""
