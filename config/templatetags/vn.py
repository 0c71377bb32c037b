"""Template filters for Vietnamese number, percentage and date formats."""

from __future__ import annotations

from django import template

from config import vn

register = template.Library()

register.filter("vn_number", vn.format_number)
register.filter("vn_percent", vn.format_percent)
register.filter("vn_date", vn.format_date)
register.filter("vn_long_date", vn.long_date)
