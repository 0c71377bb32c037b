"""The report form's tags: its rows (drawn in reports.submissions.form_rows) and what an
autosave swaps out of band."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from reports.submissions.form_rows import field_messages, indicator_rows, task_rows

register = template.Library()


@register.simple_tag
def report_indicator_rows(items: Any, submission_pk: int, editable: bool) -> SafeString:
    return indicator_rows(items, submission_pk=submission_pk, editable=editable)


@register.simple_tag
def report_task_rows(items: Any, editable: bool) -> SafeString:
    return task_rows(items, editable=editable)


# Cleared first (htmx swaps out-of-band elements in document order): every message span
# of the form is emptied, then the spans that have something to say are swapped in.
CLEAR_ALL = mark_safe('<span hx-swap-oob="innerHTML:#report-form .field-messages"></span>')


@register.simple_tag
def changed_field_messages(*groups: Any) -> SafeString:
    """What a save changes in the fields' message spans of the rows in `groups` (indicators,
    tasks), swapped out of band: the messages of fields put right since the last save go, and
    only the fields with errors or warnings are sent (a few spans, not the 300 of a large
    report, on every autosave)."""
    return CLEAR_ALL + format_html_join(
        "", "{}",
        ((field_messages(field, oob=True),) for group in groups for item in group
         for field in item.fields.values() if field.errors or field.warnings),
    )  # fmt: skip
