from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from directives.api import DirectiveViewSet
from indicators.api import IndicatorViewSet
from reports.compliance.api import ComplianceView
from reports.exports.api import ExportCreateView, ExportDetailView, ExportDownloadView
from reports.periods.api import PeriodViewSet
from reports.submissions.api import SubmissionViewSet
from units.api import TokenView, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("directives", DirectiveViewSet, basename="directive")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("periods", PeriodViewSet, basename="period")
router.register("submissions", SubmissionViewSet, basename="submission")

urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("v1/dashboard/compliance/", ComplianceView.as_view(), name="dashboard-compliance"),
    path("v1/exports/", ExportCreateView.as_view(), name="export-create"),
    path("v1/exports/<int:pk>/", ExportDetailView.as_view(), name="export-detail"),
    path("v1/exports/<int:pk>/download/", ExportDownloadView.as_view(), name="export-download"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]
