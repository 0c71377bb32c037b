from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.text import multi_line_text, one_line_text
from config.uploads import ServedFileFormMixin, ServedFileInput
from directives.models import Directive, PeriodKind, Task
from units.models import Unit


class DirectiveAdminForm(ServedFileFormMixin, forms.ModelForm):
    """The reporting cadence as checkboxes rather than raw JSON; the source document checked
    like evidence files and linked to the view that serves it."""

    served_file = ("source_document", "directives:source_document")
    reporting = forms.MultipleChoiceField(
        label=_("Kỳ báo cáo"), choices=PeriodKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Directive
        fields = [
            "code", "kind", "title", "issuer", "issued_on", "effective_from", "effective_to",
            "reporting", "report_to", "due_working_days", "source_document",
        ]  # fmt: skip
        widgets = {"source_document": ServedFileInput}


class TaskAdminForm(forms.ModelForm):
    """A task in the admin (on its own page and inline in its directive). Its deadline is set
    when the task is added; afterwards it stays the original, and a later deadline is recorded
    as an extension with its approving document, which the task board and the reports honour."""

    class Meta:
        model = Task
        fields = ["directive", "number", "title", "due_on", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or "due_on" not in self.fields:
            return
        due_on = self.fields["due_on"]
        due_on.disabled = True
        due_on.help_text = format_html(
            '{} <a href="{}">{}</a>',
            _("Thời hạn ban đầu không sửa được ở đây; gia hạn cần văn bản cho phép."),
            reverse("directives:task_deadline", args=[self.instance.pk]),
            _("Ghi nhận gia hạn"),
        )


class TaskDeadlineChangeForm(forms.Form):
    new_due_on = forms.DateField(
        label=_("Thời hạn mới"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    unit = forms.ModelChoiceField(
        label=_("Chỉ gia hạn cho đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Tất cả đơn vị thực hiện"),
    )
    document_number = forms.CharField(
        label=_("Số văn bản cho phép gia hạn"), max_length=100, validators=[one_line_text]
    )
    document_date = forms.DateField(
        label=_("Ngày văn bản"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[multi_line_text],
    )

    def __init__(self, *args: Any, units, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
