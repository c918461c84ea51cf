from django.apps import AppConfig


class UndeclaredConfig(AppConfig):
    name = "solidarity.tests.undeclared"
    label = "undeclared"
