from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "solidarity.privacy"
    label = "privacy"
    verbose_name = "Privacy"
