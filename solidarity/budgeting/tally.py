"""The adapter between budgeting rows and the PB engine: rows in, a pb.Election, stored results out."""

from collections import Counter
from itertools import groupby

from solidarity.core.money import cents_as_fraction
from solidarity.engines import pb

from .models import BallotType, Choice, Process, Rule

KIND_FOR_BALLOT = {
    BallotType.APPROVAL: "approval",
    BallotType.KNAPSACK: "approval",
    BallotType.CUMULATIVE: "cumulative",
    BallotType.RANKED: "ordinal",
}


def election_for(budget, *, choice_model=None) -> pb.Election:
    """The budget's projects and its ballots, counted as a compact profile (one query for all choices).

    `choice_model` is the Choice model to read (a migration passes its historical one)."""
    process = budget.process
    kind = KIND_FOR_BALLOT[process.ballot_type]
    projects = tuple(pb.Project(id=p.code, cost=cents_as_fraction(p.cost_cents), name=p.title)
                     for p in budget.projects.order_by("code"))
    rows = ((choice_model or Choice).objects.filter(ballot__budget=budget)
            .order_by("ballot_id", "value" if kind == "ordinal" else "project__code")
            .values_list("ballot_id", "project__code", "value"))
    counts: Counter = Counter()
    for _ballot, choices in groupby(rows, key=lambda row: row[0]):
        if kind == "cumulative":
            counts[tuple((code, value) for _, code, value in choices)] += 1
        else:
            counts[tuple(code for _, code, _value in choices)] += 1
    profile = pb.Profile.from_counts(counts, kind=kind)
    meta = {"description": f"{process.community.name}: {process.title}: {budget.name}",
            "country": "", "unit": process.community.name, "instance": process.slug,
            "rule": process.rule}
    return pb.Election(budget=cents_as_fraction(budget.amount_cents), projects=projects, ballots=profile, meta=meta)


def completion_for(process: Process) -> str:
    return process.completion if process.rule == Rule.EQUAL_SHARES else "none"


def count(budget, *, choice_model=None) -> tuple[pb.Outcome, pb.Outcome, pb.Election]:
    """(the process's rule, the usual greedy rule for comparison, the election that was counted)."""
    election = election_for(budget, choice_model=choice_model)
    process = budget.process
    outcome = pb.count(process.rule, election, completion=completion_for(process))
    greedy = pb.count("greedy", election)
    return outcome, greedy, election


def export_text(budget) -> str:
    return pb.dumps(election_for(budget))


def support(budget) -> dict[str, int]:
    """Ballots that include each project (any points or rank), in one grouped query."""
    from django.db.models import Count

    rows = (Choice.objects.filter(ballot__budget=budget).values("project__code")
            .annotate(n=Count("ballot_id", distinct=True)).values_list("project__code", "n"))
    return dict(rows)


def stored_reasons(outcome: pb.Outcome) -> dict:
    """Project code -> the reason as stored in Result.reasons (budgeting/reasons.py makes the sentence)."""
    return {project: reason.as_json() for project, reason in outcome.reasons.items()}
