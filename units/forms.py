from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from config.uploads import ServedFileFormMixin, ServedFileInput
from units.changes import unit_change_apply, unit_change_refusals
from units.changes_file import ChangeSpec
from units.models import UnitEvent

# The kinds a change file knows; "establish" is done by the units CSV (with `valid_from`).
CHANGE_KINDS = [(k.value, k.label) for k in UnitEvent.Kind if k != UnitEvent.Kind.ESTABLISH]


class _DryRun(Exception):
    """Rolls back a change tried only to learn whether its service accepts it."""


class UnitEventAdminForm(ServedFileFormMixin, forms.ModelForm):
    """A unit change as the admin records it: on a new record the change is tried through the
    same service as the changes file (and applied for real by the admin's save), so a refusal
    is shown on the form and nothing is half done. The decision's file is checked like evidence
    files and linked to the view that serves it."""

    served_file = ("document_file", "units:event_document")
    # Set by the admin: whose rights the change is checked against.
    user: Any = None

    class Meta:
        model = UnitEvent
        fields = [
            "kind", "effective_on", "legal_document", "document_file", "before", "after",
            "new_name", "new_parent", "successor", "note",
        ]  # fmt: skip
        widgets = {"document_file": ServedFileInput}
        help_texts = {
            "before": gettext_lazy(
                "Đơn vị thay đổi: một đơn vị (đổi tên, chuyển, chia tách, giải thể) hoặc các "
                "đơn vị sáp nhập."
            ),
            "after": gettext_lazy(
                "Sáp nhập: đơn vị sau sáp nhập (một); chia tách: các đơn vị mới (hai trở lên, "
                "đã nạp bằng tệp CSV đơn vị)."
            ),
            "new_name": gettext_lazy("Đổi tên: tên mới."),
            "new_parent": gettext_lazy("Chuyển: đơn vị cấp trên mới."),
            "successor": gettext_lazy(
                "Chia tách: đơn vị chính nhận số liệu; giải thể: đơn vị tiếp nhận số liệu và "
                "các đơn vị trực thuộc."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].choices = [("", "---------"), *CHANGE_KINDS]
        self.change: ChangeSpec | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is not None or not cleaned.get("kind"):
            return cleaned  # a recorded change keeps its effect; only its papers are edited
        change = self._change(cleaned)
        if change is None:
            return cleaned
        refusals = unit_change_refusals(change=change, by=self.user) if self.user else []
        if refusals:
            raise ValidationError(refusals)
        try:
            with transaction.atomic():
                unit_change_apply(change=change, by=None)
                raise _DryRun
        except _DryRun:
            pass
        except DomainError as refusal:
            raise ValidationError(refusal.message) from None
        self.change = change
        if change.kind == UnitEvent.Kind.RENAME:
            self.instance.old_name = cleaned["before"][0].name
        return cleaned

    def _change(self, cleaned: dict[str, Any]) -> ChangeSpec | None:
        """The change the form describes, or None with the fields' errors added."""
        kind = cleaned["kind"]
        before = [u.code for u in cleaned.get("before", [])]
        after = [u.code for u in cleaned.get("after", [])]
        parent, successor = cleaned.get("new_parent"), cleaned.get("successor")
        if kind != UnitEvent.Kind.MERGE and len(before) != 1:
            self.add_error("before", _("Chọn đúng một đơn vị thay đổi."))
        if kind == UnitEvent.Kind.MERGE and not before:
            self.add_error("before", _("Chọn các đơn vị sáp nhập."))
        if kind == UnitEvent.Kind.MERGE and len(after) != 1:
            self.add_error("after", _("Chọn đúng một đơn vị sau sáp nhập."))
        if kind == UnitEvent.Kind.SPLIT and len(after) < 2:
            self.add_error("after", _("Chọn ít nhất hai đơn vị mới."))
        if (
            kind in {UnitEvent.Kind.RENAME, UnitEvent.Kind.TRANSFER, UnitEvent.Kind.ABOLISH}
            and after
        ):
            self.add_error("after", _("Loại thay đổi này không dùng ô này."))
        if kind == UnitEvent.Kind.RENAME and not cleaned.get("new_name", "").strip():
            self.add_error("new_name", _("Cần ghi tên mới."))
        if kind == UnitEvent.Kind.TRANSFER and parent is None:
            self.add_error("new_parent", _("Chọn đơn vị cấp trên mới."))
        if kind != UnitEvent.Kind.TRANSFER and parent is not None:
            self.add_error("new_parent", _("Loại thay đổi này không dùng ô này."))
        if (
            kind in {UnitEvent.Kind.RENAME, UnitEvent.Kind.TRANSFER, UnitEvent.Kind.MERGE}
            and successor
        ):
            self.add_error("successor", _("Loại thay đổi này không dùng ô này."))
        if self.errors:
            return None
        return ChangeSpec(
            index=0,
            line=None,
            date=cleaned["effective_on"],  # present: no error so far
            kind=kind,
            document=cleaned["legal_document"].strip(),
            units=tuple(before),
            into=tuple(after),
            name=cleaned.get("new_name", "").strip(),
            parent=parent.code if parent else "",
            successor=(
                after[0] if kind == UnitEvent.Kind.MERGE else successor.code if successor else ""
            ),
        )
