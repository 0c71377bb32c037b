from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("Văn bản chỉ đạo")
