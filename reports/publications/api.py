"""POST /api/v1/publications/ and DELETE /api/v1/publications/{id}/ (DIC officers), the public
read GET /api/v1/public/publications/?province=CODE, and the pull feed GET /api/v1/feed/."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from config.api import DETAIL, INVALID, require_known
from directives.models import Directive
from reports.periods.models import Period
from reports.publications.documents import HISTORIC, STRUCTURES
from reports.publications.models import FeedEntry, Publication
from reports.publications.selectors import (
    feed_since,
    live_publications,
    public_province,
    readable_feed,
)
from reports.publications.services import publication_publish, publication_withdraw
from units.permissions import Action, allowed, require

FEED_PAGE = 100


class PublicThrottle(SimpleRateThrottle):
    """Per client address, for the public pages, files and API alike."""

    scope = "public"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PublishInput(serializers.Serializer):
    directive = serializers.IntegerField(min_value=1)
    period = serializers.IntegerField(min_value=1)
    structure = serializers.ChoiceField(
        choices=list(STRUCTURES),
        required=False,
        default=HISTORIC,
        help_text="current: the figures restated onto today's structure of units",
    )


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PublicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    directive = serializers.JSONField(source="document.directive")
    period = serializers.JSONField(source="document.period")
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    structure = serializers.CharField()
    restated_on = serializers.DateField(allow_null=True)
    basis = serializers.CharField(source="document.basis")
    targets = serializers.JSONField(source="document.targets")
    completeness = serializers.JSONField(source="document.completeness")


class WithdrawnSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    withdrawn_at = serializers.DateTimeField()


class PublicationListView(APIView):
    @extend_schema(
        request=PublishInput, responses={201: PublicationSerializer, 400: INVALID},
        operation_id="publication_create",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        given = PublishInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        directive = Directive.objects.filter(pk=data["directive"]).first()
        if directive is not None and not allowed(request.user, Action.DIRECTIVE_VIEW, directive):
            directive = None  # another province's directive reads like a missing one
        period = Period.objects.filter(pk=data["period"]).first()
        require_known(data, {"directive": directive, "period": period})
        publication = publication_publish(
            by=request.user, directive=directive, period=period, structure=data["structure"]
        )
        return Response(PublicationSerializer(publication).data, status=status.HTTP_201_CREATED)


class PublicationDetailView(APIView):
    @extend_schema(
        request=WithdrawInput, responses={200: WithdrawnSerializer, 400: INVALID},
        operation_id="publication_withdraw",
    )  # fmt: skip
    def delete(self, request: Request, pk: int) -> Response:
        publication = Publication.objects.select_related("directive", "province").filter(pk=pk)
        found = publication.first()
        if found is None or not allowed(request.user, Action.DIRECTIVE_VIEW, found.directive):
            raise NotFound
        require(request.user, Action.PUBLISH, found.directive)
        given = WithdrawInput(data=request.data)
        given.is_valid(raise_exception=True)
        withdrawn = publication_withdraw(
            by=request.user, publication=found, reason=given.validated_data["reason"]
        )
        return Response(WithdrawnSerializer(withdrawn).data)


class PublicQuery(serializers.Serializer):
    province = serializers.CharField(max_length=64)


class PublicPublicationsView(APIView):
    """The live publications of a province, for anyone: exactly what was published."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]

    @extend_schema(
        parameters=[PublicQuery],
        responses={200: PublicationSerializer(many=True), 400: INVALID, 404: DETAIL},
        operation_id="public_publications",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        query = PublicQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        province = public_province(query.validated_data["province"])
        if province is None:
            raise Http404
        rows = live_publications(province=province)
        return Response(PublicationSerializer(rows, many=True).data)


class FeedQuery(serializers.Serializer):
    since = serializers.IntegerField(min_value=0, required=False, default=0)


class FeedEntrySerializer(serializers.Serializer):
    cursor = serializers.IntegerField(source="pk")
    kind = serializers.ChoiceField(choices=FeedEntry.Kind.choices)
    key = serializers.CharField()
    created_at = serializers.DateTimeField()
    document = serializers.JSONField()


class FeedView(APIView):
    """Publications and withdrawals after the cursor, oldest first; `next` is the cursor to
    ask with next time (the last one given, or the same when nothing is new)."""

    @extend_schema(
        parameters=[FeedQuery],
        responses={200: OpenApiTypes.OBJECT, 400: INVALID},
        operation_id="feed",
    )
    def get(self, request: Request) -> Response:
        require(request.user, Action.PUBLISH)
        query = FeedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        since = query.validated_data["since"]
        entries = feed_since(entries=readable_feed(request.user), cursor=since, limit=FEED_PAGE)
        body = FeedEntrySerializer(entries, many=True).data
        return Response({"next": entries[-1].pk if entries else since, "entries": body})
