from __future__ import annotations

from decimal import Decimal, InvalidOperation

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import StrictBooleanFilter, require_known
from config.text import multi_line_text
from directives.models import Directive
from directives.selectors import directive_list, unit_tasks
from indicators.models import Indicator
from reports.periods.models import Period
from reports.submissions.models import IndicatorValue, Submission, TaskUpdate
from reports.submissions.services import (
    report_indicators,
    require_editable,
    submission_accept,
    submission_return,
    submission_save,
    submission_start,
    submission_submit,
)
from reports.submissions.validation import TaskInput, ValueInput
from units import permissions
from units.models import Role
from units.permissions import Action, allowed

VALUE_SCHEMA = {
    "oneOf": [{"type": "string", "format": "decimal"}, {"type": "boolean"}],
    "nullable": True,
    "description": "A decimal string; true or false for a yes/no indicator; computed for ratios.",
}


class ValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    value = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "value", "numerator", "denominator", "note"]

    @extend_schema_field(VALUE_SCHEMA)
    def get_value(self, row: IndicatorValue) -> str | bool | None:
        if row.value is None:
            return None
        if row.indicator.kind == Indicator.Kind.BOOLEAN:
            return bool(row.value)
        return serializers.DecimalField(max_digits=20, decimal_places=4).to_representation(
            row.value
        )


class TaskUpdateSerializer(serializers.ModelSerializer):
    task = serializers.SlugRelatedField(slug_field="number", read_only=True)
    note = serializers.CharField(source="progress")

    class Meta:
        model = TaskUpdate
        fields = ["task", "status", "note", "difficulties", "proposals", "completed_on"]


class SubmissionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    values = ValueSerializer(many=True, read_only=True)
    task_updates = TaskUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "unit", "period", "directive", "status", "version", "values",
                  "task_updates", "submitted_at", "reviewed_at", "is_late", "review_comment"]  # fmt: skip


class ExpectedIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Indicator.Kind.choices)


class ExpectedTaskSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()


class ExpectedSerializer(serializers.Serializer):
    indicators = ExpectedIndicatorSerializer(many=True)
    tasks = ExpectedTaskSerializer(many=True)


class SubmissionDetailSerializer(SubmissionSerializer):
    """One report, with what its unit must report in it: the indicators of the targets that
    judge the unit and the tasks it leads or supports (the same rules as the report form)."""

    expected = serializers.SerializerMethodField()

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "expected"]

    @extend_schema_field(ExpectedSerializer)
    def get_expected(self, submission: Submission) -> dict:
        indicators = report_indicators(submission).values()
        tasks = unit_tasks(submission.directive, submission.unit)
        return ExpectedSerializer({"indicators": indicators, "tasks": tasks}).data


class SubmissionStartSerializer(serializers.Serializer):
    unit = serializers.CharField()
    period = serializers.IntegerField()
    directive = serializers.IntegerField()


class ValueInputSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=64)
    value = serializers.JSONField(required=False, allow_null=True)
    numerator = serializers.DecimalField(
        max_digits=20, decimal_places=4, required=False, allow_null=True
    )
    denominator = serializers.DecimalField(
        max_digits=20, decimal_places=4, required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")

    def validate_value(self, value):
        """A number, or true/false for a yes/no indicator."""
        if value is None:
            return None
        if isinstance(value, bool):
            return Decimal(int(value))
        if isinstance(value, int | float | str):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                number = None
            if number is not None and number.is_finite():
                return number
        raise serializers.ValidationError(_("Phải là một số, hoặc true/false."))


class TaskInputSerializer(serializers.Serializer):
    task = serializers.CharField(max_length=32)
    status = serializers.ChoiceField(choices=TaskUpdate.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    difficulties = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, default=""
    )
    proposals = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)


class SubmissionPatchSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    values = ValueInputSerializer(many=True, required=False, default=list)
    task_updates = TaskInputSerializer(many=True, required=False, default=list)


class SubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The version the sender saw; stale answers 409."
    )


class StaleSerializer(serializers.Serializer):
    detail = serializers.CharField()
    version = serializers.IntegerField(help_text="The submission's current version.")


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, validators=[multi_line_text])


def _visible_directives(request: Request):
    return directive_list(user=request.user)


def _visible_units(request: Request):
    return permissions.visible_units(request.user)


class SubmissionApiFilter(django_filters.FilterSet):
    # An unseen unit or directive is refused as an unknown one (400), not an empty list.
    unit = django_filters.ModelChoiceFilter(queryset=_visible_units, to_field_name="code")
    directive = django_filters.ModelChoiceFilter(queryset=_visible_directives)
    is_late = StrictBooleanFilter()

    class Meta:
        model = Submission
        fields = ["unit", "period", "directive", "status", "is_late"]


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One unit's report for one period and directive, through the same services as the form."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionApiFilter
    ordering_fields = ["submitted_at", "reviewed_at", "id"]

    def get_queryset(self):
        units = permissions.visible_units(self.request.user)
        return (
            Submission.objects.filter(unit__in=units)
            .select_related("unit", "directive")
            .prefetch_related(
                Prefetch("values", IndicatorValue.objects.select_related("indicator")),
                Prefetch("task_updates", TaskUpdate.objects.select_related("task")),
            )
            .order_by("-period__ends_on", "unit__code", "pk")
        )

    def _submission(self, action: Action) -> Submission:
        submission = self.get_object()
        if action in (Action.SUBMISSION_EDIT, Action.SUBMISSION_SUBMIT):
            # Say why a sent, accepted or closed report cannot change, rather than a bare 403.
            require_editable(submission)
        if not allowed(self.request.user, action, submission):
            raise PermissionDenied
        return submission

    def get_serializer_class(self):
        return SubmissionSerializer if self.action == "list" else SubmissionDetailSerializer

    def _answer(self, submission: Submission, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=submission.pk)
        return Response(SubmissionDetailSerializer(fresh).data, status=code)

    @extend_schema(
        request=SubmissionStartSerializer,
        responses={201: SubmissionDetailSerializer, 200: SubmissionDetailSerializer},
        description="Creates the unit's draft (201), or answers the existing report (200).",
    )
    def create(self, request: Request) -> Response:
        given = SubmissionStartSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        units = permissions.units_where(request.user, {Role.REPORTER, Role.UNIT_HEAD})
        unit = units.filter(code=data["unit"]).first()
        period = Period.objects.filter(pk=data["period"]).first()
        directive = Directive.objects.filter(pk=data["directive"]).first()
        if directive is not None and not allowed(request.user, Action.DIRECTIVE_VIEW, directive):
            directive = None
        require_known(data, {"unit": unit, "period": period, "directive": directive})
        existed = Submission.objects.filter(unit=unit, period=period, directive=directive).exists()
        submission = submission_start(
            unit=unit, period=period, directive=directive, by=request.user
        )
        return self._answer(submission, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        request=SubmissionPatchSerializer,
        responses={200: SubmissionDetailSerializer, 409: StaleSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        submission = self._submission(Action.SUBMISSION_EDIT)
        given = SubmissionPatchSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        values = [ValueInput(v["indicator"], v.get("value"), v.get("numerator"), v.get("denominator"), v["note"])
                  for v in data["values"]]  # fmt: skip
        tasks = [TaskInput(t["task"], t["status"], t["note"], t["difficulties"], t["proposals"], t["completed_on"])
                 for t in data["task_updates"]]  # fmt: skip
        submission_save(submission=submission, version=data["version"], values=values, tasks=tasks,
                        by=request.user)  # fmt: skip
        return self._answer(submission)

    @extend_schema(
        request=SubmitSerializer, responses={200: SubmissionDetailSerializer, 409: StaleSerializer}
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        submission = self._submission(Action.SUBMISSION_SUBMIT)
        given = SubmitSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        version = given.validated_data.get("version", submission.version)
        submission_submit(submission=submission, version=version, by=request.user)
        return self._answer(submission)

    @extend_schema(request=None, responses={200: SubmissionDetailSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        submission = self._submission(Action.SUBMISSION_REVIEW)
        return self._answer(submission_accept(submission=submission, by=request.user))

    @extend_schema(request=ReturnSerializer, responses={200: SubmissionDetailSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        submission = self._submission(Action.SUBMISSION_REVIEW)
        given = ReturnSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self._answer(submission_return(submission=submission, comment=given.validated_data["comment"],
                                              by=request.user))  # fmt: skip
