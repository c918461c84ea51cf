"""Budgeting demo data for `solidarity demo`: a vote that is open, and a finished one with 5,000+ ballots.

The finished process is generated from a fixed seed, so every fresh install shows the same results.
"""

import random

from django.db import transaction

from . import actions
from .models import Ballot, BallotType, Budget, Choice, Eligibility, Idea, Phase, Process, Project, RollEntry

OPEN_PROJECTS = [
    ("H1", "Emergency repair fund for renters", 1800000, "housing"),
    ("C1", "Free Saturday childcare at the library", 950000, "childcare"),
    ("E1", "Weekly elder check-in and ride program", 700000, "eldercare"),
    ("D1", "Ramps and automatic doors at the community center", 1200000, "disability"),
    ("S1", "Violence interrupters for summer nights", 1500000, "safety"),
    ("F1", "Community fridge and pantry restocking", 400000, "other"),
    ("J1", "Paid youth apprenticeships", 1100000, "jobs"),
]
PAST_PROJECTS = [  # code, title, cost, category, popularity weight, district
    ("N1", "Tenant legal clinic", 2500000, "housing", 30, "North"),
    ("N2", "Playground shade and water fountains", 1200000, "environment", 22, "North"),
    ("N3", "Mobile health van visits", 1800000, "health", 26, "North"),
    ("N4", "Street lighting on 9th Avenue", 900000, "safety", 12, "North"),
    ("N5", "After-school program", 1400000, "childcare", 24, "North"),
    ("N6", "Mural and garden on Elm lot", 300000, "environment", 8, "North"),
    ("S1", "Mental-health first responders", 2800000, "safety", 28, "South"),
    ("S2", "Accessible bus-stop benches", 500000, "disability", 14, "South"),
    ("S3", "Food co-op start-up grant", 1500000, "income", 18, "South"),
    ("S4", "Elder meal delivery", 1100000, "eldercare", 20, "South"),
    ("S5", "Community Wi-Fi in public housing", 1300000, "other", 16, "South"),
    ("S6", "Job training for returning citizens", 1700000, "jobs", 19, "South"),
]
BALLOTS_PER_DISTRICT = {"North": 2700, "South": 2600}


def add_budgeting_demo(community, organizer) -> None:
    if Process.objects.filter(community=community).exists():
        return
    with transaction.atomic():
        _open_vote(community, organizer)
        _finished(community, organizer)


def _open_vote(community, organizer):
    process = Process.objects.create(
        community=community, slug="safety-budget-2027", title="People's safety budget 2027",
        description="Move $50,000 toward what keeps us safe. Choose up to 3 projects.",
        phase=Phase.IDEAS, ballot_type=BallotType.APPROVAL, max_choices=3, eligibility=Eligibility.BOTH)
    budget = Budget.objects.create(community=community, process=process, name="Whole neighbourhood",
                                   amount_cents=5000000)
    for code, title, cost, category in OPEN_PROJECTS:
        Project.objects.create(community=community, process=process, budget=budget, code=code, title=title,
                               cost_cents=cost, category=category, location="Eastside")
    Idea.objects.create(community=community, process=process, title="Bike repair workshop", category="other",
                        description="A free bike repair day once a month.")
    actions.do_set_phase(organizer, process, Phase.VOTING)


def _finished(community, organizer):
    process = Process.objects.create(
        community=community, slug="care-budget-2026", title="Care budget 2026",
        description="Last year's vote: two districts, approval ballots of up to 4 projects.",
        phase=Phase.VOTING, ballot_type=BallotType.APPROVAL, max_choices=4, eligibility=Eligibility.BOTH,
        frozen=True)
    budgets = {name: Budget.objects.create(community=community, process=process, name=f"{name} district",
                                           amount_cents=6000000) for name in BALLOTS_PER_DISTRICT}
    projects = {}
    for code, title, cost, category, weight, district in PAST_PROJECTS:
        projects[code] = (Project.objects.create(community=community, process=process, budget=budgets[district],
                                                 code=code, title=title, cost_cents=cost, category=category),
                          weight, district)
    rng = random.Random(2026)  # noqa: S311 - made-up demo votes, reproducible on purpose
    ballots, choices, roll = [], [], []
    for district, count in BALLOTS_PER_DISTRICT.items():
        local = [(p, w) for p, w, d in projects.values() if d == district]
        for _ in range(count):
            size = rng.choice((1, 2, 2, 3, 3, 4))
            picked = set()
            while len(picked) < size:
                picked.add(rng.choices([p for p, _ in local], weights=[w for _, w in local])[0])
            ballot = Ballot(community=community, process=process, budget=budgets[district])
            ballots.append(ballot)
            choices.extend(Choice(community=community, ballot=ballot, project=p) for p in picked)
            roll.append(RollEntry(community=community, process=process, channel=RollEntry.Channel.PAPER))
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    Choice.objects.bulk_create(choices, batch_size=5000)
    RollEntry.objects.bulk_create(roll, batch_size=2000)
    actions.do_close_and_count(organizer, process)
    actions.do_publish_results(organizer, process)
    actions.do_set_phase(organizer, process, Phase.IMPLEMENTATION)
    for project in Project.objects.filter(process=process, funded=True)[:3]:
        actions.do_report_progress(organizer, project, progress=Project.Progress.IN_PROGRESS,
                                   text="Contract signed with a local cooperative; work starts next month.")
