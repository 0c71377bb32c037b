from django.urls import path

from indicators import views
from reports.compliance import index_views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("index/<str:code>/", index_views.index_province, name="index_province"),
    path("index/<str:code>/figures/new/", views.figure_new, name="figure_new"),
    path("index/<str:code>/results/import/", views.results_import, name="results_import"),
    path("index/<str:code>/editions/<int:pk>/", index_views.index_edition, name="index_edition"),
    path("index/<str:code>/editions/<int:pk>/units/", index_views.index_units, name="index_units"),
    path("index/<str:code>/editions/<int:pk>/results/new/", views.result_new, name="result_new"),
    path(
        "index/<str:code>/editions/<int:pk>/criteria/new/",
        views.criterion_new,
        name="criterion_new",
    ),
]
