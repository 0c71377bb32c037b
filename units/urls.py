from django.urls import path

from units import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("events/<int:pk>/document/", views.unit_event_document, name="event_document"),
]
