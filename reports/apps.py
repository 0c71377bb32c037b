from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Kỳ báo cáo và báo cáo")

    def ready(self) -> None:
        # Services queue their tasks by name (the task modules import the services); register
        # the tasks in every process, so a web process with tasks run in-process (no broker)
        # finds them, not only the worker that autodiscovers them.
        import reports.tasks  # noqa: F401
