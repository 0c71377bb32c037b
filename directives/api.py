from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import FoldedSearchFilter, ImportFileSerializer, ImportRateThrottle
from config.api_parsers import ImportFileParser
from directives import selectors
from directives.models import Directive, Target, Task
from directives.services import directive_import
from units.permissions import Action, allowed


def _selector(row) -> str:
    """A unit code, or `@level` for every unit of a level: as in the directive file."""
    return row.unit.code if row.unit_id else f"@{row.level.code}"


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    due = serializers.DateField(source="due_on", allow_null=True, read_only=True)
    scope = serializers.SerializerMethodField()
    units_share = serializers.DecimalField(
        source="effective_units_share", max_digits=5, decimal_places=2, read_only=True
    )

    class Meta:
        model = Target
        fields = ["id", "indicator", "op", "value", "due", "scope", "judge", "units_share",
                  "change_per_year"]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_scope(self, target: Target) -> list[str]:
        return [_selector(s) for s in target.scope.all()]


class TaskSerializer(serializers.ModelSerializer):
    due = serializers.DateField(source="due_on", allow_null=True, read_only=True)
    lead = serializers.SerializerMethodField()
    support = serializers.SerializerMethodField()
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["number", "title", "due", "lead", "support", "targets"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_lead(self, task: Task) -> list[str]:
        return [_selector(a) for a in task.assignees.all() if a.role == "lead"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_support(self, task: Task) -> list[str]:
        return [_selector(a) for a in task.assignees.all() if a.role == "support"]


class DirectiveSerializer(serializers.ModelSerializer):
    report_to = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reporting = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Directive
        fields = ["id", "code", "kind", "title", "issuer", "issued_on", "effective_from",
                  "effective_to", "reporting", "report_to"]  # fmt: skip


class DirectiveDetailSerializer(DirectiveSerializer):
    tasks = serializers.SerializerMethodField()

    class Meta(DirectiveSerializer.Meta):
        fields = [*DirectiveSerializer.Meta.fields, "tasks"]

    @extend_schema_field(TaskSerializer(many=True))
    def get_tasks(self, directive: Directive) -> list[dict]:
        return TaskSerializer(selectors.directive_tasks_with_targets(directive), many=True).data


class DirectiveImportedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="directive.pk")
    code = serializers.CharField(source="directive.code")
    changed = serializers.BooleanField(help_text="false when the same file was loaded before")


class DirectiveApiFilter(django_filters.FilterSet):
    report_to = django_filters.CharFilter(field_name="report_to__code")

    class Meta:
        model = Directive
        fields = ["kind", "report_to"]


class DirectiveViewSet(viewsets.ReadOnlyModelViewSet):
    """Directives of the user's province(s), the same selector as the portal's list."""

    filterset_class = DirectiveApiFilter
    ordering_fields = ["issued_on", "effective_from", "code"]
    filter_backends = [*viewsets.ReadOnlyModelViewSet.filter_backends, FoldedSearchFilter]

    def get_queryset(self) -> QuerySet[Directive]:
        return selectors.directive_list(user=self.request.user).order_by("-issued_on", "code")

    def get_serializer_class(self):
        return DirectiveDetailSerializer if self.action == "retrieve" else DirectiveSerializer

    @extend_schema(request={"multipart/form-data": ImportFileSerializer},
                   responses={201: DirectiveImportedSerializer})  # fmt: skip
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[ImportFileParser],
            throttle_classes=[ImportRateThrottle])  # fmt: skip
    def import_(self, request: Request) -> Response:
        """A directive YAML (docs/directive-format.md), all or nothing: 400 with every problem.
        Loading the same file again changes nothing and answers the same id."""
        if not allowed(request.user, Action.DIRECTIVE_MANAGE):
            raise PermissionDenied
        given = ImportFileSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        result = directive_import(data=given.validated_data["file"], by=request.user)
        return Response(DirectiveImportedSerializer(result).data, status=status.HTTP_201_CREATED)
