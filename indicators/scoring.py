"""How an index edition scores a province: plain functions over plain figures, no database.

A criterion linked to an indicator earns a share of its maximum from the figure through its
stated mapping: `linear` (from → 0 %, to → 100 %, clamped; from > to for a rank) or `thresholds`
(the share of the last step reached: "reached" is ≥ the bound, or ≤ when lower is better). A
criterion scored by officers earns the points they entered. A component, pillar or the total
is the sum of its children; the points lost are its maximum less its score, and a criterion
without a figure earns nothing (and says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from config.vn import format_number

HUNDRED = Decimal(100)
_PLACES = Decimal("0.0001")


def _shown(value: Decimal) -> str:
    return format_number(value, 4)


@dataclass
class ScoredNode:
    code: str
    name: str
    level: str
    max_score: Decimal
    score: Decimal = Decimal(0)
    complete: bool = True  # every criterion below had a figure or an officer's score
    explanation: str = ""
    children: list[ScoredNode] = field(default_factory=list)

    @property
    def lost(self) -> Decimal:
        return self.max_score - self.score


def criterion_share(scoring: dict[str, Any], value: Decimal, *, higher_is_better: bool) -> Decimal:
    """The share (0–100 %) of a criterion's maximum a figure earns."""
    if "linear" in scoring:
        low, high = Decimal(scoring["linear"]["from"]), Decimal(scoring["linear"]["to"])
        share = HUNDRED * (value - low) / (high - low)
        return min(max(share, Decimal(0)), HUNDRED)
    share = Decimal(0)
    for bound, step_share in scoring.get("thresholds", []):
        reached = value >= Decimal(bound) if higher_is_better else value <= Decimal(bound)
        if reached:
            share = max(share, Decimal(step_share))
    return share


def next_step(scoring: dict[str, Any], share: Decimal) -> tuple[Decimal, Decimal] | None:
    """The figure that earns more than `share`, and the share it earns: the full 100 % at a
    linear mapping's `to`, else the nearest higher threshold; None when nothing more is earned."""
    if share >= HUNDRED:
        return None
    if "linear" in scoring:
        return Decimal(scoring["linear"]["to"]), HUNDRED
    higher = [
        (Decimal(s), Decimal(b)) for b, s in scoring.get("thresholds", []) if Decimal(s) > share
    ]
    if not higher:
        return None
    step_share, bound = min(higher)
    return bound, step_share


@dataclass(frozen=True)
class Criterion:
    """What scoring one criterion needs from the catalogue."""

    scoring: dict[str, Any]
    indicator: str = ""  # the indicator's code, "" when officers score it
    higher_is_better: bool = True
    indicator_name: str = ""  # what the explanation names it by


def score_criterion(
    node: ScoredNode,
    criterion: Criterion,
    *,
    figures: dict[str, Decimal],
    assessed: dict[str, Decimal],
    sources: dict[str, str] | None = None,
) -> ScoredNode:
    """Fill a criterion's score and explanation from the figures (by indicator code, each
    perhaps with the source it came from) or the officers' scores (by criterion code)."""
    if criterion.indicator:
        value = figures.get(criterion.indicator)
        if value is None:
            node.complete = False
            node.explanation = _("Chưa có số liệu năm của chỉ số %(name)s: 0 điểm.") % {
                "name": criterion.indicator_name or criterion.indicator
            }
            return node
        share = criterion_share(
            criterion.scoring, value, higher_is_better=criterion.higher_is_better
        )
        node.score = (node.max_score * share / HUNDRED).quantize(_PLACES)
        node.explanation = _(
            "Chỉ số %(name)s = %(value)s đạt %(share)s%% của %(max)s điểm: %(score)s điểm."
        ) % {
            "name": criterion.indicator_name or criterion.indicator, "value": _shown(value),
            "share": format_number(share, 2), "max": _shown(node.max_score),
            "score": _shown(node.score),
        }  # fmt: skip
        source = (sources or {}).get(criterion.indicator)
        if source:
            node.explanation += " " + _("Nguồn: %(source)s.") % {"source": source}
        step = next_step(criterion.scoring, share)
        if step is not None:
            node.explanation += " " + _(
                "Mất %(lost)s điểm; cần %(bound)s để đạt %(share)s%%."
            ) % {
                "lost": _shown(node.lost), "bound": _shown(step[0]),
                "share": format_number(step[1], 2),
            }  # fmt: skip
        return node
    points = assessed.get(node.code)
    if points is None:
        node.complete = False
        node.explanation = _("Chưa được cán bộ chấm điểm: 0 điểm.")
        return node
    node.score = min(points, node.max_score)
    node.explanation = _("Cán bộ chấm %(score)s/%(max)s điểm theo minh chứng.") % {
        "score": _shown(node.score), "max": _shown(node.max_score)
    }  # fmt: skip
    return node


def roll_up(node: ScoredNode) -> ScoredNode:
    """Sum the children's scores into their parents, bottom up."""
    if node.children:
        for child in node.children:
            roll_up(child)
        node.score = sum((child.score for child in node.children), Decimal(0))
        node.complete = all(child.complete for child in node.children)
        node.explanation = _("Tổng %(n)s mục con: %(score)s/%(max)s điểm.") % {
            "n": len(node.children), "score": _shown(node.score),
            "max": _shown(node.max_score),
        }  # fmt: skip
    return node
