"""How long personal data lives, declared on each model, and the purge that enforces it.

A model lists `Retention` rules in a `retention` class attribute. Each rule names the date field
that starts the clock, the number of days, and either the fields to blank or the whole row to
delete. `solidarity purge` (run daily by `solidarity serve`) applies every rule.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from solidarity.privacy.storage import flush_deleted_pages


@dataclass(frozen=True)
class Retention:
    after: str  # the date or datetime field that starts the clock
    days: int | Callable[[], int]  # a callable reads a setting at purge time
    blank: tuple[str, ...] = ()  # fields to blank; empty means delete the row
    description: str = ""

    def day_count(self) -> int:
        return self.days() if callable(self.days) else self.days

    def due(self, model, now):
        cutoff = now - timedelta(days=self.day_count())
        field = model._meta.get_field(self.after)
        if field.get_internal_type() == "DateField":
            cutoff = cutoff.date()
        rows = model._base_manager.filter(**{f"{self.after}__lt": cutoff})
        if self.blank:
            # Rows already blank are not due again.
            rows = rows.exclude(**{name: blank_value(model, name) for name in self.blank})
        return rows


def policies():
    for model in apps.get_models():
        for rule in getattr(model, "retention", ()):
            yield model, rule


def purge(now=None) -> dict[str, int]:
    """Apply every retention rule; return the rows touched per model and rule."""
    now = now or timezone.now()
    report: dict[str, int] = {}
    with transaction.atomic():
        for model, rule in policies():
            rows = rule.due(model, now)
            if rule.blank:
                touched = rows.update(**{name: blank_value(model, name) for name in rule.blank})
            else:
                touched = rows.delete()[1].get(model._meta.label, 0)
            report[f"{model._meta.label}: {rule.description or rule.after}"] = touched
    from django.contrib.sessions.models import Session

    report["sessions: expired"] = Session.objects.filter(expire_date__lt=now).delete()[0]
    flush_deleted_pages()
    return report


def blank_value(model, name):
    field = model._meta.get_field(name)
    if field.get_internal_type() == "BooleanField":
        return False
    return None if field.null else ""
