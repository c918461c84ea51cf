from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "solidarity.communities"
    label = "communities"
    verbose_name = "Communities"
