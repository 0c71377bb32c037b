from reports.views import dashboards, excel, history, periods, reporting, review

app_name = "reports"
# Each view module owns its routes: reporting (units fill in and send), excel (offline
# template round trip), review (DIC officers), history (a report's change log for its
# reviewers), periods (opening and closing periods), dashboards (leaders' figures).
urlpatterns = (
    reporting.urlpatterns
    + excel.urlpatterns
    + review.urlpatterns
    + history.urlpatterns
    + periods.urlpatterns
    + dashboards.urlpatterns
)
