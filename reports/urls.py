from reports.compliance import views as dashboards
from reports.exports import signing_views as signing
from reports.exports import views as exports
from reports.publications import officer_views as publishing
from reports.publications import views as publications
from reports.submissions.views import excel, history, periods, reporting, review

app_name = "reports"
# Each view module owns its routes: reporting (units fill in and send), excel (offline
# template round trip), review (DIC officers), history (a report's change log for its
# reviewers), periods (opening and closing periods), dashboards (leaders' figures), exports
# (the download centre).
urlpatterns = (
    reporting.urlpatterns
    + excel.urlpatterns
    + review.urlpatterns
    + history.urlpatterns
    + periods.urlpatterns
    + dashboards.urlpatterns
    + exports.urlpatterns
    + signing.urlpatterns  # signing reports, the signed file, the public verify page
    + publications.urlpatterns  # published figures for everyone: pages and open data
    + publishing.urlpatterns  # DIC officers publish and withdraw them
)
