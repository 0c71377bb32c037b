from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from directives.api import DirectiveViewSet
from directives.drafting.api import DirectiveDraftView
from indicators.api import IndexResultViewSet, IndicatorViewSet
from reports.compliance.api import ComplianceView
from reports.exports.api import ExportCreateView, ExportDetailView, ExportDownloadView
from reports.exports.api_verify import ExportSignedDownloadView, ExportSignView, VerifyView
from reports.periods.api import PeriodViewSet
from reports.publications.api import (
    FeedView,
    PublicationDetailView,
    PublicationListView,
    PublicPublicationsView,
)
from reports.submissions.api import SubmissionViewSet
from units.api import UnitViewSet
from units.api_tokens import TokenListView, TokenRevokeView, TokenView

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("directives", DirectiveViewSet, basename="directive")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("index-results", IndexResultViewSet, basename="index-result")
router.register("periods", PeriodViewSet, basename="period")
router.register("submissions", SubmissionViewSet, basename="submission")

urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("v1/auth/tokens/", TokenListView.as_view(), name="api-tokens"),
    path("v1/auth/tokens/<str:token_key>/", TokenRevokeView.as_view(), name="api-token-revoke"),
    path("v1/dashboard/compliance/", ComplianceView.as_view(), name="dashboard-compliance"),
    path("v1/exports/", ExportCreateView.as_view(), name="export-create"),
    path("v1/exports/<int:pk>/", ExportDetailView.as_view(), name="export-detail"),
    path("v1/exports/<int:pk>/download/", ExportDownloadView.as_view(), name="export-download"),
    # Before the router: "draft" would otherwise be read as a directive's id.
    path("v1/directives/draft/", DirectiveDraftView.as_view(), name="directive-draft"),
    path("v1/exports/<int:pk>/sign/", ExportSignView.as_view(), name="export-sign"),
    path("v1/exports/<int:pk>/signed/", ExportSignedDownloadView.as_view(), name="export-signed"),
    path("v1/verify/", VerifyView.as_view(), name="verify"),
    path("v1/publications/", PublicationListView.as_view(), name="publication-list"),
    path("v1/publications/<int:pk>/", PublicationDetailView.as_view(), name="publication-detail"),
    path("v1/public/publications/", PublicPublicationsView.as_view(), name="public-publications"),
    path("v1/feed/", FeedView.as_view(), name="feed"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]
