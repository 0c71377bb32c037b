from django.urls import path

from directives import views
from directives.drafting import views as drafting
from reports.submissions.views.task_board import task_board_view

app_name = "directives"
urlpatterns = [
    path("", views.directive_list, name="list"),
    path("tasks/", views.task_list, name="tasks"),
    path("draft/", drafting.draft_start, name="draft"),
    path("draft/aliases/", drafting.draft_aliases, name="draft_aliases"),
    path("draft/save/", drafting.draft_save, name="draft_save"),
    path("tasks/board/", task_board_view, name="task_board"),
    path("tasks/<int:pk>/deadline/", views.task_deadline, name="task_deadline"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("<int:pk>/document/", views.directive_source_document, name="source_document"),
    path("<int:pk>/history/", views.directive_history, name="history"),
]
