"""Quantified targets in a sentence: value, operator, what is measured, and how it is judged.

Rules (each proposal names the one that made it):
- percent: "100% cán bộ …", "đạt tối thiểu 30%", "trên 80% trường …" (no strict ">" in the
  format: "trên" is ">="), "không quá 5%" ("<=").
- share_of_units: a percentage of units ("100% các xã …", "100% cơ quan … có") is judged unit by
  unit: each_unit, yes/no, with the share as units_share when below 100.
- each_unit_count: "mỗi/từng đơn vị có tối thiểu 01 cán bộ", "100% các sở … có ít nhất 01 …".
- at_least_count: "tối thiểu/ít nhất N <người, cán bộ …>" pooled over the scope.
- all_means_100: "tất cả cán bộ …" with no figure.
- units_at_level: "tại 7 sở, ngành, 9 UBND huyện …": a share of the units of each level.
- dated_obligation: a dated "phải …" sentence with no figure ("trước tháng 7/2016 … phải").
- dated_rollout: a sentence opening with its deadline that reaches "các sở, ban, ngành …" with no
  figure ("Quý I năm 2016, kết nối … tại các sở, ban, ngành").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from directives.drafting.units_match import LEVEL_PHRASES

_NUMBER = r"(\d{1,3}(?:[.,]\d{1,2})?)"
PERCENT = re.compile(_NUMBER + r"\s*%")
OP_BEFORE = [
    (
        re.compile(r"(?:toi thieu|it nhat|khong duoi|khong it hon|tren|hon|vuot)\s*(?:dat\s+)?$"),
        ">=",
        "at_least",
    ),
    (re.compile(r"(?:toi da|khong qua|khong vuot qua|duoi|thap hon)\s*$"), "<=", "at_most"),
    (re.compile(r"(?:dat|bang|la)\s*(?:muc\s+)?$"), ">=", "reach"),
]
PEOPLE = re.compile(
    r"^(?:cac\s+)?(?:can bo|cong chuc|vien chuc|cbccvc|cbcc|nguoi|lanh dao|giao vien|hoc sinh)"
)
PEOPLE_ANYWHERE = re.compile(r"(?<![a-z])(?:can bo|cong chuc|vien chuc|cbccvc|cbcc)(?![a-z])")
UNIT_NOUN = re.compile(
    r"^(?:cac\s+)?(?:co quan|don vi|so|xa|huyen|ubnd|uy ban|dia phuong|doanh nghiep)(?![a-z])"
)
COUNT = re.compile(
    r"(?:toi thieu|it nhat|khong it hon)\s+(\d{1,4})\s+(?!lan|ngay|thang|nam|gio|%)([a-z]+(?:\s+[a-z]+){0,6})"
)
_EACH_LEVEL = {"so": ("@department",), "huyen": ("@district",), "xa": ("@commune",)}
EACH = re.compile(
    r"(?<![a-z])(?:moi|tung)\s+(?:co quan|don vi|so|xa|huyen|dia phuong|truong|doanh nghiep)"
)
ALL = re.compile(r"(?<![a-z])tat ca\s+(?:cac\s+)?([a-z]+(?:\s+[a-z,]+){0,8})")
AT_LEVEL = re.compile(r"(?<![a-z\d])(\d{1,3})\s+(?=(?:so|ubnd|uy ban nhan dan|xa|huyen)(?![a-z]))")
ROLLOUT = re.compile(r"(?:tai|den|cho|o)\s+(?:100%\s+)?$")


@dataclass
class TargetProposal:
    op: str
    value: Decimal
    judge: str
    kind: str  # ratio | count | boolean
    phrase: str  # what is measured, folded, for the indicator
    start: int  # span of the figure in the sentence (folded offsets)
    end: int
    rule: str
    units_share: Decimal | None = None
    scope_hint: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def _op(before: str) -> tuple[str, str]:
    for pattern, op, rule in OP_BEFORE:
        if pattern.search(before):
            return op, rule
    return ">=", "plain"


def _value(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _phrase_after(folded: str, position: int) -> str:
    rest = folded[position:]
    stop = re.search(r"[;.()]|\d+\s*%|\s(?:va|hoac)\s+(?:dat\s+)?\d", rest)
    return (rest[: stop.start()] if stop else rest)[:160].strip(" ,:")


def _phrase_before(folded: str, position: int) -> str:
    before = folded[:position]
    clause = re.split(r"[;:,%]", before)[-1].strip()
    match = re.search(r"ty le\s+([^;:()%]{3,120})$", before)
    if match:
        return "ty le " + re.sub(
            r"\s+(?:dat|la|bang|tren|toi thieu|it nhat)(?:\s+\w+)?$", "", match.group(1)
        ).strip(" ,")
    return re.sub(r"\s+(?:dat|la|bang|tren|toi thieu|it nhat)$", "", clause)


_VERB = re.compile(
    r"\s(?:co(?!\s+quan)|duoc|phai|su dung|ket noi|trien khai|thuc hien|dat|bao dam|dam bao)(?![a-z])"
)


def subject(phrase: str) -> str:
    """The noun phrase a figure quantifies: up to its first verb ("… các sở có …")."""
    cut = _VERB.search(phrase)
    return phrase[: cut.start()] if cut else phrase


def level_hint(phrase: str) -> tuple[str, ...]:
    """Every level the subject names: "các sở, ban, ngành, UBND cấp huyện" -> both."""
    found: list[str] = []
    head = subject(phrase)
    for _, selectors, pattern in LEVEL_PHRASES:
        if pattern.search(head):
            found += [s for s in selectors if s not in found]
            head = pattern.sub(" ", head)
    return tuple(found)


def _is_units(phrase: str) -> bool:
    head = subject(phrase)
    return bool(UNIT_NOUN.match(head[:40])) and not PEOPLE_ANYWHERE.search(head)


def find_targets(folded: str, *, level_counts: dict[str, int]) -> list[TargetProposal]:
    """Targets of one sentence (folded), in the order they are written."""
    found: list[TargetProposal] = []
    used: list[tuple[int, int]] = []
    for match in PERCENT.finditer(folded):
        value = _value(match.group(1))
        if value > 100:
            continue
        op, op_rule = _op(folded[max(0, match.start() - 24) : match.start()])
        after = _phrase_after(folded, match.end())
        before = _phrase_before(folded, match.start())
        if after.startswith("doi voi"):
            measured = after.removeprefix("doi voi").strip()
        elif before.startswith("ty le ") or not after or re.match(r"^(?:o|va|,)\s", after):
            measured = before
        else:
            measured = after
        if _is_units(measured):
            count = COUNT.search(folded, match.end())
            hint = level_hint(measured)
            if value == 100 and count and count.start() - match.end() < 120:
                found.append(
                    TargetProposal(
                        ">=",
                        Decimal(count.group(1)),
                        "each_unit",
                        "count",
                        count.group(2),
                        match.start(),
                        count.end(),
                        "each_unit_count",
                        scope_hint=hint,
                    )
                )
                used.append(count.span())
            else:
                share = None if value == 100 else value
                found.append(
                    TargetProposal(
                        ">=",
                        Decimal(1),
                        "each_unit",
                        "boolean",
                        measured,
                        match.start(),
                        match.end(),
                        "share_of_units",
                        units_share=share,
                        scope_hint=hint,
                    )
                )
            continue
        found.append(
            TargetProposal(
                op,
                value,
                "pooled",
                "ratio",
                measured,
                match.start(),
                match.end(),
                f"percent_{op_rule}",
                scope_hint=level_hint(measured),
            )
        )
    for match in COUNT.finditer(folded):
        if any(match.start() < e and s < match.end() for s, e in used):
            continue
        each = EACH.search(folded[max(0, match.start() - 60) : match.start()])
        noun = each.group(0).split()[-1] if each else ""
        found.append(
            TargetProposal(
                ">=",
                Decimal(match.group(1)),
                "each_unit" if each else "pooled",
                "count",
                match.group(2),
                match.start(),
                match.end(),
                "each_unit_count" if each else "at_least_count",
                scope_hint=_EACH_LEVEL.get(noun, ()),
            )
        )
    if not found:
        found.extend(_units_at_level(folded, level_counts))
    if not found:
        found.extend(_completed(folded))
    if not found:
        for match in ALL.finditer(folded):
            what = match.group(1)
            if not re.search(
                r"(?<![a-z])(?:co|duoc|phai)\s", folded[match.start() : match.start() + 120]
            ):
                continue
            if _is_units(what):
                found.append(
                    TargetProposal(
                        ">=",
                        Decimal(1),
                        "each_unit",
                        "boolean",
                        what,
                        match.start(),
                        match.end(),
                        "all_means_100",
                        scope_hint=level_hint(what),
                    )
                )
            else:
                found.append(
                    TargetProposal(
                        ">=",
                        Decimal(100),
                        "pooled",
                        "ratio",
                        what,
                        match.start(),
                        match.end(),
                        "all_means_100",
                    )
                )
            break
    return sorted(found, key=lambda t: t.start)


COMPLETE = re.compile(
    r"(?:hoan thien|hoan thanh)\s+(phu song\s+[^;.]+?|[^;.]+?\s+toan tinh)"
    r"(?=\s*[;.]|\s*,\s*(?:lap|xay dung|trien khai|va)\s|\s+(?:phuc vu|de|nham)(?![a-z])|$)"
)


def _completed(folded: str) -> list[TargetProposal]:
    """ "hoàn thiện phủ sóng 3G, Internet cáp quang … toàn tỉnh": each item 100%, everywhere."""
    found = []
    for match in COMPLETE.finditer(folded):
        items = re.sub(r"\s+toan tinh$", "", match.group(1))
        position = match.start(1)
        for item in items.split(","):
            if item.strip():
                at = folded.find(item.strip(), position)
                found.append(
                    TargetProposal(
                        ">=",
                        Decimal(100),
                        "pooled",
                        "ratio",
                        item.strip(),
                        at,
                        at + len(item.strip()),
                        "complete_rollout",
                    )
                )
                position = at + len(item.strip())
    return found


def _units_at_level(folded: str, level_counts: dict[str, int]) -> list[TargetProposal]:
    if not re.search(r"(?<![a-z])tai\s+\d", folded):
        return []
    found = []
    for match in AT_LEVEL.finditer(folded):
        rest = folded[match.end() :]
        hint: tuple[str, ...] = ()
        for _, selectors, pattern in LEVEL_PHRASES:
            if pattern.match(rest) and len(selectors) == 1:
                hint = selectors
                break
        if not hint:
            if re.match(r"(?:so|ubnd)\s*(?:,|nganh)", rest):
                hint = ("@department",)
            elif re.match(r"(?:ubnd|uy ban nhan dan)\s+(?:huyen|thanh pho|thi xa)", rest):
                hint = ("@district",)
            elif re.match(r"(?:ubnd|uy ban nhan dan)\s+(?:cap\s+)?xa", rest):
                hint = ("@commune",)
            else:
                continue
        number = int(match.group(1))
        total = level_counts.get(hint[0][1:], 0)
        share = None
        if total and number < total:
            share = Decimal(round(100 * number / total))
        found.append(
            TargetProposal(
                ">=",
                Decimal(1),
                "each_unit",
                "boolean",
                rest[:80],
                match.start(),
                match.end(),
                "units_at_level",
                units_share=share,
                scope_hint=hint,
            )
        )
    return found


def implied_target(
    folded: str, *, dated: bool, opens_with_deadline: bool, after_deadline: int = 0
) -> TargetProposal | None:
    """A dated sentence with no figure that still sets one: all, by the deadline."""
    rest = folded[after_deadline:]
    every = re.match(r"[\s,]*(?:cac|toan bo|tat ca(?:\s+cac)?)\s+(.+)", rest)
    if opens_with_deadline and every and re.search(r"(?<![a-z])(?:duoc|phai)\s", rest):
        what = every.group(1)
        span = (after_deadline + every.start(1), len(folded))
        if _is_units(what):
            return TargetProposal(
                ">=", Decimal(1), "each_unit", "boolean", subject(what), *span,
                "dated_all_subject", scope_hint=level_hint(what),
            )  # fmt: skip
        return TargetProposal(
            ">=", Decimal(100), "pooled", "ratio", subject(what), *span, "dated_all_subject"
        )
    if dated and re.search(r"(?<![a-z])phai(?![a-z])", folded):
        obliged = folded.split("phai", 1)[0]
        if PEOPLE_ANYWHERE.search(obliged):
            return TargetProposal(
                ">=", Decimal(100), "pooled", "ratio", obliged.strip(" ,"), 0, len(obliged),
                "dated_obligation",
            )  # fmt: skip
        if re.search(r"co quan|don vi", obliged):
            return TargetProposal(
                ">=", Decimal(1), "each_unit", "boolean", obliged.strip(" ,"), 0, len(obliged),
                "dated_obligation", scope_hint=level_hint(obliged),
            )  # fmt: skip
    if opens_with_deadline:
        for _, selectors, pattern in LEVEL_PHRASES:
            for match in pattern.finditer(folded):
                if ROLLOUT.search(folded[max(0, match.start() - 12) : match.start()]):
                    return TargetProposal(
                        ">=", Decimal(1), "each_unit", "boolean",
                        folded[: match.start()].strip(" ,"), match.start(), match.end(),
                        "dated_rollout", scope_hint=level_hint(folded[match.start() :]) or selectors,
                    )  # fmt: skip
    return None
