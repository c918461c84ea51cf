from django.apps import AppConfig


class SolidarityConfig(AppConfig):
    """The project package as an app: it holds the shell templates, static files and server commands."""

    name = "solidarity"
    label = "solidarity"
    verbose_name = "Solidarity"
