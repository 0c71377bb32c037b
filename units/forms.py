from __future__ import annotations

from django import forms

from config.uploads import ServedFileFormMixin, ServedFileInput
from units.models import UnitEvent


class UnitEventAdminForm(ServedFileFormMixin, forms.ModelForm):
    """The decision's file checked like evidence files and linked to the view that serves it."""

    served_file = ("document_file", "units:event_document")

    class Meta:
        model = UnitEvent
        fields = [
            "kind", "effective_on", "legal_document", "document_file", "before", "after",
            "old_name", "new_name", "note",
        ]  # fmt: skip
        widgets = {"document_file": ServedFileInput}
