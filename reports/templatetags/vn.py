"""Template filters for Vietnamese number, percentage and date formats, and the wording of
targets and figures. The library sits here, above every layer whose wording it offers."""

from __future__ import annotations

from django import template

from config import vn
from directives.texts import rule_statement, target_statement
from reports.compliance.texts import figure_text, target_value_text

register = template.Library()

register.filter("vn_number", vn.format_number)
register.filter("vn_percent", vn.format_percent)
register.filter("vn_date", vn.format_date)
register.filter("vn_long_date", vn.long_date)
register.filter("target_statement", target_statement)
register.filter("rule_statement", rule_statement)
# A unit's own figure ("87,5%", "12 người", "Có", "hạng 22") and a target's rolled-up value
# ("50% đơn vị đạt" for "each unit" targets): the wording the PDF and workbook use too.
register.filter("vn_figure", figure_text)
register.filter("target_figure", target_value_text)
