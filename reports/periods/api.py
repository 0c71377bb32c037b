from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from directives.models import PeriodKind
from reports.periods.models import Period
from reports.periods.selectors import period_roots, periods_with_status
from reports.periods.services import period_open
from units.permissions import Action, allowed


class PeriodSerializer(serializers.ModelSerializer):
    # Open or closed in the asking user's provinces (nationally for a superuser).
    status = serializers.ChoiceField(
        source="status_here", choices=Period.Status.choices, read_only=True
    )

    class Meta:
        model = Period
        fields = ["id", "kind", "year", "number", "starts_on", "ends_on", "due_on", "status"]


class PeriodFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(field_name="status_here", choices=Period.Status.choices)

    class Meta:
        model = Period
        fields = ["kind", "year"]


class PeriodOpenSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PeriodKind.choices)
    year = serializers.IntegerField(min_value=1900, max_value=2999)
    number = serializers.IntegerField(min_value=1, max_value=12, default=1)


class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):  # fmt: skip
    """Reporting periods, open or closed in the user's provinces; POST opens one with dates
    from the period rules in the provinces of its reviewers and admins (a superuser: on the
    national calendar)."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter
    ordering_fields = ["ends_on", "due_on", "year"]

    def get_queryset(self) -> QuerySet[Period]:
        return periods_with_status(user=self.request.user).order_by("-ends_on", "kind")

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
        existed = (
            self.get_queryset()
            .filter(**given.validated_data, status_here=Period.Status.OPEN)
            .exists()
        )
        period = period_open(**given.validated_data, roots=period_roots(request.user))
        opened = self.get_queryset().get(pk=period.pk)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(PeriodSerializer(opened).data, status=code)
