"""Every table a community owns carries community_id, so tenants stay apart and can be sharded."""

from django.apps import apps

OUR_APPS = {"communities", "privacy", "mutualaid", "budgeting"}
INSTANCE_WIDE = {"communities.Community", "privacy.ThrottleBucket"}


def test_every_community_table_has_a_community_id():
    missing = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in OUR_APPS or model._meta.label in INSTANCE_WIDE:
            continue
        names = {field.attname for field in model._meta.concrete_fields}
        if "community_id" not in names:
            missing.append(model._meta.db_table)
    assert missing == []
