"""The form renderer prints selects and inputs in Python: exactly what Django's templates print."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe

from config.form_renderer import FormRenderer
from units.models import Level

TRICKY = 'Sở "Nội vụ" <b> & Đông'


class Everything(forms.Form):
    text = forms.CharField(label="Tên", max_length=20, help_text="gợi ý")
    quoted = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": TRICKY}))
    number = forms.DecimalField(required=False)
    whole = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    one = forms.ChoiceField(choices=[("", "Tất cả"), ("a", TRICKY), (3, 1234), ("c", mark_safe("<i>x</i>"))])  # fmt: skip
    grouped = forms.ChoiceField(
        required=False,
        choices=[("Miền Bắc", [("pt", "Phú Thọ"), ("tn", "Thái Nguyên")]), ("ld", "Lâm Đồng")],
        widget=forms.Select(attrs={"data-submit-on-change": True, "disabled": False}),
    )
    many = forms.MultipleChoiceField(required=False, choices=[("x", "X"), ("y", "Y"), ("z", "Z")])
    maybe = forms.NullBooleanField(required=False)
    level = forms.ModelChoiceField(queryset=Level.objects.order_by("code"), empty_label="(chọn)")
    radio = forms.ChoiceField(required=False, choices=[("r", "R")], widget=forms.RadioSelect)
    note = forms.CharField(required=False, widget=forms.Textarea)


def both(form: forms.Form) -> list[tuple[str, str, str]]:
    """Each field rendered by Django's templates and by ours."""
    rendered = []
    for name in form.fields:
        form.renderer = DjangoTemplates()
        by_templates = str(form[name])
        form.renderer = FormRenderer()
        rendered.append((name, by_templates, str(form[name])))
    return rendered


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": TRICKY, "quoted": '"><script>', "number": "1234.5", "whole": "-1", "day": "2026-12-07",
         "hidden": "&", "email": "a@b", "one": "a", "grouped": "tn", "many": ["x", "z"],
         "maybe": "true", "level": "x-to", "radio": "r", "note": "<x>"},
        {"text": "", "number": "không phải số", "whole": "1,5", "day": "31/02/2026", "one": "3",
         "level": "9999", "maybe": "false"},
    ],
    ids=["unbound", "bound", "invalid"],
)  # fmt: skip
def test_every_widget_prints_what_the_templates_print(language: str, data) -> None:
    Level.objects.create(code="x-to", name="Tổ <dân phố>", order=8)
    Level.objects.create(code="x-ap", name="Ấp &amp; thôn", order=9)
    with translation.override(language):
        form = Everything(data, initial={"number": Decimal("1234.50"), "day": dt.date(2026, 1, 2)})
        form.fields["level"].to_field_name = "code"
        form.is_valid()
        for name, by_templates, ours in both(form):
            assert ours == by_templates, name


def test_the_portal_uses_it() -> None:
    assert isinstance(forms.Form().renderer, FormRenderer)
