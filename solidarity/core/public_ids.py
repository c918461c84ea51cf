"""Identifiers for URLs that say nothing (SR-26): 128 random bits, not a row number that would tell how
many members, offers or payments a community has, in what order they came, or let someone walk them."""

import secrets

from django.db import models


def new_public_id() -> str:
    return secrets.token_urlsafe(16)  # 22 URL-safe characters


class PublicIdField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 22)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("default", new_public_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


def fill(apps, pairs):
    """For a data migration: give every existing row of each (app_label, model) its own public id."""
    for app_label, model_name in pairs:
        model = apps.get_model(app_label, model_name)
        rows = list(model.objects.only("pk"))
        for row in rows:
            row.public_id = new_public_id()
        model.objects.bulk_update(rows, ["public_id"], batch_size=500)
