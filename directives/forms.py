from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directives.models import Directive, PeriodKind


class DirectiveAdminForm(forms.ModelForm):
    """The reporting cadence as checkboxes rather than raw JSON."""

    reporting = forms.MultipleChoiceField(
        label=_("Kỳ báo cáo"), choices=PeriodKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Directive
        fields = [
            "code", "kind", "title", "issuer", "issued_on", "effective_from", "effective_to",
            "reporting", "report_to", "due_working_days", "source_document",
        ]  # fmt: skip
