"""How the official report words its title and figures (Decree 30/2020/NĐ-CP): the issuer's
name cut between phrases, the subject citing the directive once by its kind, and every
target and result saying what it measures ("tỷ lệ chung 96,93%" beside "66,67% đơn vị đạt")."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from config import vn
from directives.models import Directive, Target
from directives.texts import target_statement
from indicators.models import Indicator
from reports.compliance.texts import target_value_text

ISSUER_LINE = 26  # upper-case letters of 12.5pt bold that fit the heading's left column
LABEL = re.compile(r"^(\[[^\]]*\]\s*)")  # "[Ví dụ minh họa] " before a demo's title


def issuer_lines(name: str) -> list[str]:
    """The issuing body's name on one line, or on two cut between phrases: before its "VÀ"
    ("SỞ THÔNG TIN / VÀ TRUYỀN THÔNG"), never inside a word of two syllables ("TRUYỀN /
    THÔNG"). A name the profile already breaks (a new line) keeps its own lines."""
    given = [line.strip() for line in name.splitlines() if line.strip()]
    if len(given) != 1 or len(name) <= ISSUER_LINE:
        return given
    words = name.split()
    cuts = [i for i, word in enumerate(words) if i and word.upper() == "VÀ"]
    if not cuts:  # no phrase boundary known: the most even cut between words
        cuts = list(range(1, len(words)))
    middle = len(name) / 2
    cut = min(cuts, key=lambda i: abs(len(" ".join(words[:i])) - middle))
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def subject_text(directive: Directive) -> str:
    """ "Kết quả thực hiện Kế hoạch số 36a/KH-UBND thực hiện Nghị quyết…": a title that opens
    with the document's kind ("Kế hoạch thực hiện…") does not repeat it after the number."""
    kind = directive.get_kind_display()
    title = directive.title.strip()
    match = LABEL.match(title)
    label = match.group(1) if match else ""
    title = title[len(label) :]
    if title.lower().startswith(str(kind).lower() + " "):
        title = title[len(kind) :].strip()
    if not title.lower().startswith(("về ", "thực hiện ", "triển khai ")):
        title = _("về %(title)s") % {"title": title}
    return label + _("Kết quả thực hiện %(kind)s số %(code)s %(title)s") % {
        "kind": kind, "code": directive.code, "title": title,
    }  # fmt: skip


def report_title(directive: Directive, period_label: str) -> str:
    """The document's own title, as its metadata carries it."""
    return _("Báo cáo %(subject)s, %(period)s") % {
        "subject": _lower_first(subject_text(directive)), "period": _lower_first(period_label),
    }  # fmt: skip


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text.startswith("[") else text


def _pooled(text: str, target: Target) -> str:
    """A roll-up over every unit said as such: a ratio is a common rate, a count a total."""
    kind = target.indicator.kind
    if kind == Indicator.Kind.RATIO:
        return _("tỷ lệ chung %(figure)s") % {"figure": text}
    if kind in (Indicator.Kind.COUNT, Indicator.Kind.AMOUNT):
        return _("tổng %(figure)s") % {"figure": text}
    return text


def goal_text(target: Target) -> str:
    """ "tỷ lệ chung ≥ 90%", "≥ 1 người ở mỗi đơn vị; cần 100% đơn vị đạt"."""
    statement = target_statement(target)
    if target.judge == Target.Judge.EACH_UNIT:
        return _("%(statement)s ở mỗi đơn vị; cần %(share)s đơn vị đạt") % {
            "statement": statement, "share": vn.format_percent(target.effective_units_share),
        }  # fmt: skip
    return _pooled(statement, target)


def result_text(value: Decimal | None, target: Target) -> str:
    """ "tỷ lệ chung 96,93%", "66,67% đơn vị đạt", "—" when nobody reported."""
    text = target_value_text(value, target)
    if value is None or target.judge == Target.Judge.EACH_UNIT:
        return text
    return _pooled(text, target)
