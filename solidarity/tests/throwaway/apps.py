from django.apps import AppConfig


class ThrowawayConfig(AppConfig):
    name = "solidarity.tests.throwaway"
    label = "throwaway"
    capability = "solidarity.tests.throwaway.capability"
