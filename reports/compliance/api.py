"""GET /api/v1/dashboard/compliance/: the dashboards' figures for integrators, on the official
basis or (`basis=provisional`) with the reports awaiting review, as the pages offer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import INVALID, require_known, unknown
from directives.api import TargetSerializer
from directives.models import Directive
from reports.compliance.areas import figures_area
from reports.compliance.filters import BASIS_UNKNOWN, basis_of, is_basis
from reports.compliance.models import ComplianceRun
from reports.compliance.restate import HISTORIC, STRUCTURE_UNKNOWN, STRUCTURES
from reports.compliance.selectors import compliance_for
from reports.periods.models import Period
from units.models import Unit, User
from units.permissions import Action, allowed


def query_figures(*, user: User, given: dict) -> tuple[Directive, Period, Unit]:
    """The directive, period and area a query or a body names (validated `directive`, `period`,
    `unit`?): a 400 per unknown one, and the same 400 for one the caller may not see."""
    directive = Directive.objects.filter(pk=given["directive"]).first()
    if directive is not None and not allowed(user, Action.DIRECTIVE_VIEW, directive):
        directive = None
    period = Period.objects.filter(pk=given["period"]).first()
    require_known(given, {"directive": directive, "period": period})
    code = given.get("unit") or None
    try:
        area = figures_area(user=user, directive=directive, code=code)
    except (Http404, PermissionDenied):
        if code is None:
            raise  # no part of the province is the caller's: a refusal, not bad input
        raise unknown(given, "unit") from None
    return directive, period, area


class ComplianceQuery(serializers.Serializer):
    period = serializers.IntegerField(min_value=1)
    directive = serializers.IntegerField(min_value=1)
    unit = serializers.CharField(required=False, max_length=64)
    basis = serializers.CharField(
        required=False, default=ComplianceRun.Basis.OFFICIAL, max_length=16,
        help_text="official (accepted reports) or provisional (with those awaiting review)",
    )  # fmt: skip

    structure = serializers.CharField(
        required=False, default=HISTORIC, max_length=16,
        help_text="historic (the units of the period's time) or current (restated onto today's "
        "structure, or that of `on`)",
    )  # fmt: skip
    on = serializers.DateField(
        required=False, default=None, allow_null=True,
        error_messages={"invalid": _("Ngày không hợp lệ: dùng dạng YYYY-MM-DD.")},
        help_text="with structure=current: the date whose structure the figures are restated onto",
    )  # fmt: skip

    def validate_basis(self, value: str) -> str:
        if not is_basis(value):
            raise serializers.ValidationError(BASIS_UNKNOWN)
        return basis_of(value)

    def validate_structure(self, value: str) -> str:
        if value not in STRUCTURES:
            raise serializers.ValidationError(STRUCTURE_UNKNOWN)
        return value


class TargetFigureSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="target.indicator.code")
    task = serializers.CharField(source="target.task.number")
    scope = serializers.SerializerMethodField()
    op = serializers.CharField(source="target.op")
    target = serializers.DecimalField(source="target.value", max_digits=20, decimal_places=4)
    due = serializers.DateField(source="target.due_on", allow_null=True)
    judge = serializers.CharField(source="target.judge")
    units_share = serializers.DecimalField(
        source="target.effective_units_share", max_digits=5, decimal_places=2
    )
    value = serializers.DecimalField(max_digits=24, decimal_places=6, allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    status = serializers.ChoiceField(choices=["met", "on_track", "missed", "no_data"])
    units_expected = serializers.IntegerField()
    units_reported = serializers.IntegerField()
    units_met = serializers.IntegerField()

    def get_scope(self, figure) -> list[str]:
        return TargetSerializer().get_scope(figure.target)


class CompletenessSerializer(serializers.Serializer):
    units_expected = serializers.IntegerField(source="expected")
    units_reported = serializers.IntegerField(source="submitted")
    units_accepted = serializers.IntegerField(source="accepted")
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()


class NotRestatedSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    name = serializers.CharField(help_text="its name on the period's last day")
    reason = serializers.CharField()


class ComplianceSerializer(serializers.Serializer):
    directive = serializers.IntegerField(source="directive.pk")
    period = serializers.IntegerField(source="period.pk")
    unit = serializers.CharField(source="area.code")
    basis = serializers.ChoiceField(choices=ComplianceRun.Basis.values)
    structure = serializers.ChoiceField(choices=STRUCTURES)
    on = serializers.DateField(allow_null=True)
    not_restated = NotRestatedSerializer(many=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    targets = TargetFigureSerializer(many=True)
    completeness = CompletenessSerializer()


class ComplianceView(APIView):
    """Per target of a directive for a period: value, verdict and unit counts, from accepted
    reports (`basis=provisional`: with those awaiting review); `unit=CODE` restricts every
    figure to that unit's subtree (default: the widest part of the province the caller sees);
    `structure=current` restates them onto today's structure of units (or that of `on`)."""

    @extend_schema(
        parameters=[ComplianceQuery],
        responses={200: ComplianceSerializer, 400: INVALID},
        operation_id="dashboard_compliance",
    )
    def get(self, request: Request) -> Response:
        query = ComplianceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        directive, period, area = query_figures(user=request.user, given=query.validated_data)
        given = query.validated_data
        compliance = compliance_for(
            directive=directive, period=period, basis=given["basis"], area=area,
            structure=given["structure"], on=given["on"] or timezone.localdate(),
        )  # fmt: skip
        return Response(ComplianceSerializer(compliance).data)
