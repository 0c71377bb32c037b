from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Nhận thông báo và thư điện tử về"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
