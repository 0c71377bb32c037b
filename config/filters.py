"""django-filter's ModelChoiceFilter for the pages' filter forms: its choices read once a form.

Django reads a model choice field's rows again on every pass over its choices (the form's
validation and the select's rendering each pass), and on PostgreSQL each read is a
server-side cursor: three round trips. A dashboard's period and level selects cost 1.5 ms a
page that way. Here the field's own queryset (a fresh copy for each form) is iterated, so its
rows are read once and kept for the form's life. Choices lists are short (periods, levels,
directives); a long list belongs in the unit picker, not a select.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import django_filters
from django_filters import fields


class _ListedChoices(fields.ModelChoiceIterator):
    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:  # the queryset keeps its rows (not .iterator())
            yield self.choice(obj)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return len(self) > 0


class _ListedModelChoiceField(fields.ModelChoiceField):
    iterator = _ListedChoices


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _ListedModelChoiceField
