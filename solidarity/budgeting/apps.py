from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    name = "solidarity.budgeting"
    label = "budgeting"
    verbose_name = "Participatory budgeting"
    capability = "solidarity.budgeting.capability"
