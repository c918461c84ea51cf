"""Ballots and their choices get random integer keys, so that their place in storage (on SQLite, the
row number) no longer follows the order of voting and cannot be lined up with the roll.

A primary key's type cannot be changed in place on both databases, so every ballot and choice is
carried over: copied into a holding table, the two tables are made again with the new keys, and
the ballots come back in random order under new random keys. Nothing is lost: the migration checks
the counts before it drops the holding table.
"""

import random
from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

import solidarity.core.ballots


def carry_out(apps, schema_editor):
    Ballot, Choice = apps.get_model("budgeting", "Ballot"), apps.get_model("budgeting", "Choice")
    Carry = apps.get_model("budgeting", "BallotCarry")
    choices = defaultdict(list)
    for ballot_id, project_id, value in Choice.objects.values_list("ballot_id", "project_id", "value"):
        choices[ballot_id].append([project_id, value])
    Carry.objects.bulk_create([
        Carry(community=community, process=process, budget=budget, site=site, receipt_hash=receipt,
              choices=choices[ballot_id])
        for ballot_id, community, process, budget, site, receipt in Ballot.objects.values_list(
            "id", "community_id", "process_id", "budget_id", "site_id", "receipt_hash")
    ], batch_size=2000)


def carry_in(apps, schema_editor):
    Ballot, Choice = apps.get_model("budgeting", "Ballot"), apps.get_model("budgeting", "Choice")
    Carry = apps.get_model("budgeting", "BallotCarry")
    carried = list(Carry.objects.all())
    random.SystemRandom().shuffle(carried)
    ballots, choices = [], []
    for row in carried:
        ballot = Ballot(community_id=row.community, process_id=row.process, budget_id=row.budget,
                        site_id=row.site, receipt_hash=row.receipt_hash)
        ballots.append(ballot)
        choices.extend(Choice(community_id=row.community, ballot=ballot, project_id=project, value=value)
                       for project, value in row.choices)
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    Choice.objects.bulk_create(choices, batch_size=5000)
    if Ballot.objects.count() != len(carried) or Choice.objects.count() != sum(len(r.choices) for r in carried):
        raise RuntimeError("ballots were not all carried over; the migration stops and nothing changes")


class Migration(migrations.Migration):
    dependencies = [
        ("budgeting", "0003_reasons_as_codes"),
        ("communities", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotCarry",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("community", models.BigIntegerField()),
                ("process", models.BigIntegerField()),
                ("budget", models.BigIntegerField()),
                ("site", models.BigIntegerField(null=True)),
                ("receipt_hash", models.CharField(max_length=64, null=True)),
                ("choices", models.JSONField()),
            ],
        ),
        migrations.RunPython(carry_out, migrations.RunPython.noop),
        migrations.DeleteModel(name="Choice"),
        migrations.DeleteModel(name="Ballot"),
        migrations.CreateModel(
            name="Ballot",
            fields=[
                ("id", solidarity.core.ballots.RandomKey(default=solidarity.core.ballots.random_key, editable=False,
                                                         primary_key=True, serialize=False)),
                ("receipt_hash", models.CharField(blank=True, max_length=64, null=True, unique=True)),
                ("community", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="communities.community")),
                ("budget", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="ballots",
                                             to="budgeting.budget")),
                ("process", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="ballots",
                                              to="budgeting.process")),
                ("site", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                           related_name="+", to="budgeting.site")),
            ],
            options={
                "indexes": [models.Index(fields=["process", "budget"], name="budgeting_b_process_946cd1_idx")],
            },
        ),
        migrations.CreateModel(
            name="Choice",
            fields=[
                ("id", solidarity.core.ballots.RandomKey(default=solidarity.core.ballots.random_key, editable=False,
                                                         primary_key=True, serialize=False)),
                ("value", models.PositiveIntegerField(default=1)),
                ("ballot", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="choices",
                                             to="budgeting.ballot")),
                ("community", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                to="communities.community")),
                ("project", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                              to="budgeting.project")),
            ],
        ),
        migrations.RunPython(carry_in, migrations.RunPython.noop),
        migrations.DeleteModel(name="BallotCarry"),
    ]
