from django.db import migrations


def copy_currency(apps, schema_editor):
    AidSettings = apps.get_model("mutualaid", "AidSettings")
    Community = apps.get_model("communities", "Community")
    for community_id, currency in AidSettings.objects.values_list("community_id", "currency"):
        Community.objects.filter(pk=community_id).update(currency=currency)


def copy_back(apps, schema_editor):
    AidSettings = apps.get_model("mutualaid", "AidSettings")
    Community = apps.get_model("communities", "Community")
    for community_id, currency in Community.objects.values_list("pk", "currency"):
        AidSettings.objects.filter(community_id=community_id).update(currency=currency)


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_capability_switches_and_currency"),
        ("mutualaid", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_currency, copy_back),
        migrations.RemoveField(model_name="aidsettings", name="currency"),
    ]
