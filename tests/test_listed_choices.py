"""The pages' model choice filters read their choices once a form, and print what
django-filter's own filter prints."""

from __future__ import annotations

import django_filters
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.filters import ModelChoiceFilter
from units.models import Level, Unit


class Listed(django_filters.FilterSet):
    level = ModelChoiceFilter(queryset=Level.objects.all(), to_field_name="code")
    open = ModelChoiceFilter(
        queryset=Level.objects.all(), null_label="(không có)", empty_label=None
    )

    class Meta:
        model = Unit
        fields = ["level", "open"]


class Plain(django_filters.FilterSet):
    level = django_filters.ModelChoiceFilter(queryset=Level.objects.all(), to_field_name="code")
    open = django_filters.ModelChoiceFilter(
        queryset=Level.objects.all(), null_label="(không có)", empty_label=None
    )

    class Meta:
        model = Unit
        fields = ["level", "open"]


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"level": "district"}, {"level": "nowhere", "open": "null"}])
def test_the_choices_are_read_once_and_printed_the_same(data) -> None:
    Level.objects.create(code="x-<to>", name="Tổ <dân phố> & ấp", order=9)
    listed, plain = Listed(data).form, Plain(data).form
    with CaptureQueriesContext(connection) as reads:
        listed.is_valid()
        first = str(listed["level"]) + str(listed["open"])
        again = str(listed["level"]) + str(listed["open"])
    plain.is_valid()
    assert first == again == str(plain["level"]) + str(plain["open"])
    assert listed.errors == plain.errors
    choices = [q["sql"] for q in reads.captured_queries if "ORDER BY" in q["sql"]]
    assert len(choices) == 2  # one per field, not one per pass
    assert len(listed.fields["level"].choices) == Level.objects.count() + 1
    assert listed.fields["open"].choices


@pytest.mark.django_db
def test_each_form_reads_its_own_rows() -> None:
    before = str(Listed({}).form["level"])
    Level.objects.create(code="x-moi", name="Cấp mới", order=99)
    assert "Cấp mới" not in before and "Cấp mới" in str(Listed({}).form["level"])
