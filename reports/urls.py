from reports.views import dashboards, excel, exports, history, periods, reporting, review, signing

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
)
