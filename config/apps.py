from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Project-wide pieces: home page, Vietnamese formats, search folding, template tags."""

    name = "config"
    verbose_name = "chitieu"
