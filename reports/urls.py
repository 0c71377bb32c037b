from reports.views import excel, exports, periods, reporting, review

app_name = "reports"
# Each view module owns its routes: reporting (units fill in and send), excel (offline
# template round trip), review (DIC officers), periods (opening and closing periods), exports
# (the download centre).
urlpatterns = (
    reporting.urlpatterns + excel.urlpatterns + review.urlpatterns + periods.urlpatterns
    + exports.urlpatterns
)  # fmt: skip
