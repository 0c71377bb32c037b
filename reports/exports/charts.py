"""Charts of the PDF report drawn as SVG in Python: no browser, no JavaScript, the body font."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.compliance.rules import MET, MISSED, NO_DATA, ON_TRACK
from reports.compliance.selectors import Completeness, TargetFigure
from reports.exports.wording import result_text

FONT = "Liberation Serif"
COLOURS = {MET: "#2e7d32", MISSED: "#c62828", ON_TRACK: "#f9a825", NO_DATA: "#9e9e9e"}
WIDTH = 600  # user units; the SVG scales to the text width


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    target: Decimal
    status: str
    text: str  # the value as printed


def _scale(bar: Bar, percent: bool) -> Decimal:
    if percent:
        return Decimal(100)
    return max(bar.value or 0, bar.target, Decimal(1)) * Decimal("1.15")


def _text(x: float, y: float, body: str, *, size: int = 11, anchor: str = "start",
          weight: str = "normal") -> str:  # fmt: skip
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'font-weight="{weight}" text-anchor="{anchor}">{escape(body)}</text>'
    )


def targets_chart(figures: list[TargetFigure]) -> SafeString:
    """One bar per target: its value against its own scale, the target as a black mark."""
    bars = [
        Bar(
            f"{f.target.task.number}. {f.target.indicator.name}",
            f.value,
            f.target.value if f.target.judge == "pooled" else f.target.effective_units_share,
            f.status,
            result_text(f.value, f.target),
        )
        for f in figures
    ]
    row, label_w, bar_w = 36, 300, 170
    height = row * len(bars) + 30
    parts = []
    for i, bar in enumerate(bars):
        y = 10 + i * row
        percent = bar.target <= 100 and (bar.value is None or bar.value <= 100)
        scale = _scale(bar, percent)
        filled = float(min(bar.value or 0, scale) / scale) * bar_w
        mark = label_w + float(min(bar.target, scale) / scale) * bar_w
        parts += [_text(0, y + 9 + 11 * n, line, size=11)
                  for n, line in enumerate(_lines(bar.label, 52))]  # fmt: skip
        parts += [
            f'<rect x="{label_w}" y="{y + 9}" width="{bar_w}" height="16" fill="#eeeeee"/>',
            f'<rect x="{label_w}" y="{y + 9}" width="{filled:.1f}" height="16" '
            f'fill="{COLOURS[bar.status]}"/>',
            f'<line x1="{mark:.1f}" y1="{y + 5}" x2="{mark:.1f}" y2="{y + 29}" stroke="#000" '
            f'stroke-width="2"/>',
            _text(label_w + bar_w + 8, y + 22, bar.text, size=12),
        ]
    legend_y = height - 8
    x = 0.0
    for status, label in ((MET, _("Đạt")), (MISSED, _("Không đạt")),
                          (ON_TRACK, _("Chưa đến hạn")), (NO_DATA, _("Chưa có số liệu"))):  # fmt: skip
        parts.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" '
                     f'fill="{COLOURS[status]}"/>')  # fmt: skip
        parts.append(_text(x + 14, legend_y, str(label), size=12))
        x += 120
    parts.append(f'<line x1="{x}" y1="{legend_y - 10}" x2="{x}" y2="{legend_y + 1}" '
                 f'stroke="#000" stroke-width="2"/>')  # fmt: skip
    parts.append(_text(x + 6, legend_y, _("Mức chỉ tiêu"), size=12))
    return _svg(parts, height, _("Kết quả các chỉ tiêu so với mức giao"))


def completeness_chart(completeness: Completeness) -> SafeString:
    """One stacked bar: reports sent on time, sent late, not sent."""
    expected = completeness.expected or 1
    unsent = completeness.expected - completeness.submitted
    pieces = [
        (completeness.on_time, COLOURS[MET], _("Đúng hạn")),
        (completeness.late, COLOURS[ON_TRACK], _("Nộp muộn")),
        (unsent, COLOURS[MISSED], _("Chưa gửi")),
    ]
    parts, x = [], 0.0
    for count, colour, _label in pieces:
        width = WIDTH * count / expected
        if width:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="22" fill="{colour}"/>'
            )
        x += width
    x = 0.0
    for count, colour, label in pieces:
        parts.append(f'<rect x="{x}" y="32" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, 42, f"{label}: {count}", size=13))
        x += 170
    return _svg(parts, 48, _("Tình hình gửi báo cáo"))


def _lines(text: str, width: int, most: int = 3) -> list[str]:
    """Cut a label at word boundaries into lines of about `width` characters; the table beside
    the chart names the target in full should a label still be too long."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _svg(parts: list[str], height: float, title: str) -> SafeString:
    body = "".join(parts)
    return mark_safe(  # noqa: S308 — every text went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img"><title>{escape(title)}</title>{body}</svg>'
    )
