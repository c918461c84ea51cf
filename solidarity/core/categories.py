"""One vocabulary of what a need, an offer, a project or a budget line is about.

Mutual aid's kinds of need and participatory budgeting's project categories share the values whose
meanings overlap (housing, food, health, childcare, elder care, transport, income), so a community
can see one theme across its requests, its projects and, later, its survey answers and its budget.
Each app offers the subset that fits it, in this order; later apps map onto the same values.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    HOUSING = "housing", _("Housing")
    FOOD = "food", _("Food")
    HEALTH = "health", _("Health care")
    DISABILITY = "disability", _("Disability access and care")
    CHILDCARE = "childcare", _("Childcare")
    ELDERCARE = "eldercare", _("Elder care")
    INCOME = "income", _("Cash and income")
    TRANSPORT = "transport", _("Transport")
    JOBS = "jobs", _("Jobs and skills")
    SAFETY = "safety", _("Safety")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


def subset(*values: str) -> list[tuple[str, str]]:
    """(value, label) choices for the given values, in the vocabulary's order."""
    unknown = set(values) - set(Category.values)
    if unknown:
        raise ValueError(f"not in the category vocabulary: {sorted(unknown)}")
    return [(value, label) for value, label in Category.choices if value in values]


MUTUAL_AID = subset("housing", "food", "health", "disability", "childcare", "eldercare", "income", "transport",
                    "jobs", "other")
BUDGETING = subset("housing", "food", "health", "disability", "childcare", "eldercare", "income", "transport",
                   "jobs", "safety", "environment", "other")
