"""Random public ids in URLs instead of row numbers (SR-26): added empty, filled one by one so every
existing row gets its own, then made unique and required."""

from django.db import migrations, models

import solidarity.core.public_ids


def fill(apps, schema_editor):
    solidarity.core.public_ids.fill(apps, [("communities", "membership"), ("communities", "invitation")])


class Migration(migrations.Migration):
    dependencies = [("communities", "0004_notices")]

    operations = [
        migrations.AddField(model_name="membership", name="public_id",
                            field=models.CharField(editable=False, max_length=22, null=True)),
        migrations.AddField(model_name="invitation", name="public_id",
                            field=models.CharField(editable=False, max_length=22, null=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(model_name="membership", name="public_id",
                              field=solidarity.core.public_ids.PublicIdField()),
        migrations.AlterField(model_name="invitation", name="public_id",
                              field=solidarity.core.public_ids.PublicIdField()),
    ]
