from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from directives.models import PeriodKind
from reports.periods.models import Period
from reports.periods.services import period_open
from units.permissions import Action, allowed


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = ["id", "kind", "year", "number", "starts_on", "ends_on", "due_on", "status"]


class PeriodOpenSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PeriodKind.choices)
    year = serializers.IntegerField(min_value=1900, max_value=2999)
    number = serializers.IntegerField(min_value=1, max_value=12, default=1)


class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):  # fmt: skip
    """Reporting periods; POST opens one with dates from the period rules (reviewers of a
    province and admins)."""

    queryset = Period.objects.order_by("-ends_on", "kind")
    serializer_class = PeriodSerializer
    filterset_fields = ["kind", "year", "status"]
    ordering_fields = ["ends_on", "due_on", "year"]

    @extend_schema(
        request=PeriodOpenSerializer,
        responses={201: PeriodSerializer, 200: PeriodSerializer},
        description="Opens the period (201), or answers the one already open (200); a closed "
        "period is opened again.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not allowed(request.user, Action.PERIOD_MANAGE):
            raise PermissionDenied
        given = PeriodOpenSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        existed = Period.objects.filter(**given.validated_data, status=Period.Status.OPEN).exists()
        period = period_open(**given.validated_data)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(PeriodSerializer(period).data, status=code)
