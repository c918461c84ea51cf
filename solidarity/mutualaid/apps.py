from django.apps import AppConfig


class MutualAidConfig(AppConfig):
    name = "solidarity.mutualaid"
    label = "mutualaid"
    verbose_name = "Mutual aid"
    capability = "solidarity.mutualaid.capability"
