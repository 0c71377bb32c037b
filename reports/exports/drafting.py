"""The report's two closing sections drafted from the figures and the units' own words: an
overall assessment and the tasks for the next period with the proposals. The officer edits
the drafts on the export page; the PDF prints what they kept."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config import vn
from reports.compliance.rules import MET, MISSED, NO_DATA, ON_TRACK
from reports.compliance.texts import scope_text
from reports.exports.content import ReportContent
from reports.exports.wording import result_text

SAID_MOST = 3  # the opinions the body quotes; every unit's own words are in the workbook


@dataclass(frozen=True)
class Opinion:
    text: str
    units: int  # how many units wrote it


def common_opinions(accounts: list[tuple[str, str]], most: int = SAID_MOST) -> list[Opinion]:
    """The texts most units wrote (the same words, whatever the case or final stop), the
    most shared first, each unit counted once: a summary that never repeats every unit's words."""
    units: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for unit, text in accounts:
        key = " ".join(text.lower().rstrip(" .;").split())
        units.setdefault(key, set()).add(unit)
        first.setdefault(key, text.strip().rstrip(" .;"))
    ranked = sorted(units, key=lambda key: (-len(units[key]), first[key]))
    return [Opinion(first[key], len(units[key])) for key in ranked[:most]]


def opinion_line(opinion: Opinion) -> str:
    return ngettext("%(text)s (%(n)s đơn vị)", "%(text)s (%(n)s đơn vị)", opinion.units) % {
        "text": opinion.text, "n": opinion.units,
    }  # fmt: skip


def _all(content: ReportContent, which: str) -> list[tuple[str, str]]:
    return [said for task in content.tasks for said in getattr(task, which)]


def draft_assessment(content: ReportContent) -> str:
    """Paragraphs (one a line): what went well, what did not, the difficulties most raised."""
    compliance = content.compliance
    if compliance.run is None:
        return ""
    c, total = compliance.completeness, len(compliance.targets)
    lines = [
        _("Các đơn vị đã gửi %(sent)s/%(expected)s báo cáo (%(share)s), %(late)s đơn vị gửi "
          "muộn, %(unsent)s đơn vị chưa gửi. Trong %(total)s chỉ tiêu, %(met)s chỉ tiêu đạt, "
          "%(missed)s chỉ tiêu không đạt, %(on_track)s chỉ tiêu chưa đến hạn đánh giá, "
          "%(no_data)s chỉ tiêu chưa có số liệu.")
        % {"sent": c.submitted, "expected": c.expected, "late": c.late,
           "share": vn.format_percent(c.submitted_share), "unsent": c.expected - c.submitted,
           "total": total, "met": compliance.count(MET), "missed": compliance.count(MISSED),
           "on_track": compliance.count(ON_TRACK), "no_data": compliance.count(NO_DATA)},
    ]  # fmt: skip
    missed = [f for f in compliance.targets if f.status == MISSED]
    if missed:
        named = "; ".join(
            f"{f.target.indicator.name} ({scope_text(f.target)}: {result_text(f.value, f.target)})"
            for f in missed
        )
        lines.append(_("Chỉ tiêu chưa đạt: %(targets)s.") % {"targets": named})
    hard = common_opinions(_all(content, "difficulties"))
    if hard:
        lines.append(_("Khó khăn, vướng mắc các đơn vị nêu nhiều nhất: %(list)s.")
                     % {"list": "; ".join(opinion_line(o) for o in hard)})  # fmt: skip
    return "\n".join(lines)


def draft_next_steps(content: ReportContent) -> str:
    """One task a line: the targets missed, the reports owed, the proposals most made."""
    compliance = content.compliance
    if compliance.run is None:
        return ""
    lines = []
    missed = [f"{f.target.indicator.name} ({scope_text(f.target)})"
              for f in compliance.targets if f.status == MISSED]  # fmt: skip
    if missed:
        lines.append(_("Tập trung chỉ đạo thực hiện các chỉ tiêu chưa đạt: %(targets)s.")
                     % {"targets": "; ".join(missed)})  # fmt: skip
    if content.missed:
        lines.append(_("Yêu cầu %(n)s đơn vị chưa đạt chỉ tiêu (Phụ lục I) có giải pháp khắc "
                       "phục, báo cáo kết quả trong kỳ tới.") % {"n": len(content.missed)})  # fmt: skip
    c = compliance.completeness
    if c.late or c.expected > c.submitted:
        lines.append(_("Đôn đốc các đơn vị gửi báo cáo đúng hạn (kỳ này %(late)s đơn vị gửi "
                       "muộn, %(unsent)s đơn vị chưa gửi).")
                     % {"late": c.late, "unsent": c.expected - c.submitted})  # fmt: skip
    asked = common_opinions(_all(content, "proposals"))
    if asked:
        lines.append(_("Đề xuất, kiến nghị các đơn vị nêu nhiều nhất: %(list)s.")
                     % {"list": "; ".join(opinion_line(o) for o in asked)})  # fmt: skip
    return "\n".join(lines)
