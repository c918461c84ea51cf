"""Stored explanations become reason codes with exact figures, so results read in every language.

Each stored result is counted again from its (already shuffled) ballots with the same rule; the
engine is deterministic, so the winners are the same, and the migration refuses to go on if they
were not.
"""

from django.db import migrations, models


def recount(apps, schema_editor):
    from solidarity.budgeting import tally

    Result = apps.get_model("budgeting", "Result")
    Choice = apps.get_model("budgeting", "Choice")
    for result in Result.objects.select_related("budget__process__community"):
        outcome, _greedy, _election = tally.count(result.budget, choice_model=Choice)
        if list(outcome.winners) != list(result.winners):
            raise RuntimeError(f"result {result.pk}: a recount gave other winners; restore from a backup")
        result.reasons = tally.stored_reasons(outcome)
        result.save(update_fields=["reasons"])


class Migration(migrations.Migration):
    dependencies = [
        ("budgeting", "0002_one_category_vocabulary"),
    ]

    operations = [
        migrations.AddField(model_name="result", name="reasons", field=models.JSONField(default=dict)),
        migrations.RunPython(recount, migrations.RunPython.noop),
        migrations.RemoveField(model_name="result", name="explanations"),
    ]
