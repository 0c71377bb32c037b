"""A target said as an officer would write it, and how its roll-up is made: the wording pages,
the Excel template, the PDF and the workbook share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from config import vn
from directives.models import Target
from indicators.models import Indicator
from indicators.texts import figure_text


def target_statement(target: Target) -> str:
    """ "≥ 80%", "≥ 1 người", "Có", "≤ hạng 20": a target as an officer would write it."""
    figure = figure_text(target.value, target.indicator)
    if target.indicator.kind == Indicator.Kind.BOOLEAN:
        return figure
    return f"{target.get_op_display()} {figure}"


def rule_statement(target: Target) -> str:
    """How the roll-up is made, said on screen so no figure hides its rule."""
    if target.judge == Target.Judge.EACH_UNIT:
        rule = _(
            "Tỷ lệ đơn vị đạt: số đơn vị tự đạt chỉ tiêu / số đơn vị phải báo cáo; cần %(share)s"
        )
        rule = rule % {"share": "≥ " + vn.format_percent(target.effective_units_share)}
    elif target.indicator.kind == Indicator.Kind.RATIO:
        rule = _("Tỷ lệ gộp: tổng tử số / tổng mẫu số của các đơn vị đã báo cáo")
    elif target.indicator.kind == Indicator.Kind.RANK:
        rule = _("Thứ hạng tốt nhất trong các đơn vị đã báo cáo")
    else:
        rule = _("Tổng của các đơn vị đã báo cáo")
    if target.change_per_year:
        rule = f"{rule}; " + _("đánh giá mức tăng so với cùng kỳ năm trước")
    return str(rule)
