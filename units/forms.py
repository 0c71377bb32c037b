from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from config.uploads import ServedFileInput, validate_upload
from units.models import UnitEvent


class UnitEventAdminForm(forms.ModelForm):
    """The decision's file checked like evidence files and linked to the view that serves it."""

    class Meta:
        model = UnitEvent
        fields = [
            "kind", "effective_on", "legal_document", "document_file", "before", "after",
            "old_name", "new_name", "note",
        ]  # fmt: skip
        widgets = {"document_file": ServedFileInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.document_file and "document_file" in self.fields:
            self.fields["document_file"].widget.url = reverse(
                "units:event_document", args=[self.instance.pk]
            )

    def clean_document_file(self) -> Any:
        upload = self.cleaned_data["document_file"]
        validate_upload(upload)
        return upload
