from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from indicators.models import IndexEdition, IndexNode, Indicator


class SourceFields(forms.Form):
    """Every published figure names where it was published."""

    source_document = forms.CharField(label=_("Văn bản công bố"), max_length=500)
    source_date = forms.DateField(
        label=_("Ngày công bố"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source_url = forms.URLField(
        label=_("Đường dẫn (nếu có)"), max_length=500, required=False, assume_scheme="https"
    )


class ExternalFigureForm(SourceFields):
    indicator = forms.ModelChoiceField(
        label=_("Chỉ số"), queryset=Indicator.objects.all(), empty_label=_("Chọn chỉ số…")
    )
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    value = forms.DecimalField(label=_("Giá trị (thứ hạng, điểm…)"), max_digits=24,
                               decimal_places=6)  # fmt: skip
    field_order = ["indicator", "year", "value", "source_document", "source_date", "source_url"]


class NodeChoiceField(forms.ModelChoiceField):
    """A pillar, component or criterion by its name, its number in the framework after it."""

    def label_from_instance(self, obj: IndexNode) -> str:
        return f"{obj.name} ({obj.code})"


class IndexResultForm(SourceFields):
    node = NodeChoiceField(
        label=_("Trụ cột / chỉ số thành phần"),
        queryset=IndexNode.objects.none(),
        required=False,
        empty_label=_("Tổng điểm của tỉnh"),
    )
    score = forms.DecimalField(label=_("Điểm"), max_digits=12, decimal_places=4, required=False)
    rank = forms.IntegerField(label=_("Thứ hạng"), min_value=1, required=False)
    field_order = ["node", "score", "rank", "source_document", "source_date", "source_url"]

    def __init__(self, *args, edition: IndexEdition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = edition.nodes.exclude(level=IndexNode.Level.CRITERION)


class CriterionAssessmentForm(forms.Form):
    node = NodeChoiceField(
        label=_("Tiêu chí"), queryset=IndexNode.objects.none(), empty_label=_("Chọn tiêu chí…")
    )
    score = forms.DecimalField(label=_("Điểm tự chấm"), max_digits=12, decimal_places=4)
    evidence = forms.CharField(label=_("Minh chứng"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, edition: IndexEdition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only criteria no indicator measures are scored by hand.
        self.fields["node"].queryset = edition.nodes.filter(
            level=IndexNode.Level.CRITERION, indicator__isnull=True
        )


class ResultsFileForm(forms.Form):
    file = forms.FileField(label=_("Tệp kết quả công bố (YAML, chitieu/index-results@1)"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        limit = settings.CHITIEU_MAX_IMPORT_BYTES
        if upload.size > limit:
            message = _("Tệp quá lớn (%(size)s); tối đa %(limit)s.")
            raise forms.ValidationError(
                message % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload.read()
