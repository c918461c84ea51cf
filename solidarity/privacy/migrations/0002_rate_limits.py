from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="throttlebucket", old_name="failures", new_name="count"),
        migrations.AlterField(model_name="throttlebucket", name="key",
                              field=models.CharField(max_length=80, unique=True)),
        migrations.AddField(model_name="throttlebucket", name="blocked_until",
                            field=models.DateTimeField(blank=True, null=True)),
    ]
