"""Every table a community owns carries community_id, so tenants stay apart and can be sharded."""

from django.apps import apps

from solidarity.core import capabilities

# Our apps whose tables belong to no single community.
INSTANCE_WIDE_APPS = {"solidarity", "accounts"}
INSTANCE_WIDE = {"communities.Community", "privacy.ThrottleBucket"}


def tables_without_community_id() -> list[str]:
    missing = []
    for config in apps.get_app_configs():
        if not config.name.startswith("solidarity.") or config.label in INSTANCE_WIDE_APPS:
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.label in INSTANCE_WIDE:
                continue
            if "community_id" not in {field.attname for field in model._meta.concrete_fields}:
                missing.append(model._meta.db_table)
    return missing


def test_every_community_table_has_a_community_id():
    assert tables_without_community_id() == []


def test_every_app_with_models_is_core_or_a_declared_capability():
    assert capabilities.undeclared_apps() == []
