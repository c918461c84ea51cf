"""Budgeting workflows that touch several models: processes, ideas, projects, voting and the count.
Each writes its own audit entry. Paper ballots are in paper.py."""

import hashlib
import time

from django.db import transaction
from django.utils.translation import gettext as _

from solidarity.core import ballots
from solidarity.core.money import to_cents
from solidarity.core.workflow import NotAllowed, audit
from solidarity.engines import pb
from solidarity.privacy import storage

from . import tally
from .models import (PHASES, Ballot, Budget, Choice, Idea, Phase, Process, ProgressUpdate, Project, Result, RollEntry,
                     VotingCode)


def do_submit_idea(process: Process, *, form, author=None) -> Idea:
    if not process.takes_ideas():
        raise NotAllowed(_("This process is not taking ideas now."))
    idea = form.save(commit=False)
    idea.community, idea.process, idea.submitted_by = process.community, process, author
    idea.save()
    return idea


def do_merge_idea(actor, idea: Idea, into: Idea) -> None:
    if idea.pk == into.pk:
        raise NotAllowed(_("An idea cannot be merged into itself."))
    idea.status, idea.merged_into = Idea.Status.MERGED, into
    idea.save(update_fields=["status", "merged_into"])
    audit(actor, "idea.merge", idea, detail=f"into {into.pk}")


def do_decline_idea(actor, idea: Idea) -> None:
    idea.status = Idea.Status.DECLINED
    idea.save(update_fields=["status"])
    audit(actor, "idea.decline", idea)


def do_save_project(actor, process: Process, form) -> Project:
    if process.frozen:
        raise NotAllowed(_("Projects cannot change once voting has opened."))
    with transaction.atomic():
        project = form.save(commit=False)
        project.community, project.process = process.community, process
        project.cost_cents = to_cents(form.cleaned_data["cost"])
        if form.cleaned_data.get("photo"):
            project.image = form.cleaned_data["photo"]
        project.save()
        project.ideas.set(form.cleaned_data["ideas"], through_defaults={"community": process.community})
        Idea.objects.filter(pk__in=[i.pk for i in form.cleaned_data["ideas"]]).update(status=Idea.Status.ACCEPTED)
        audit(actor, "project.save", project, detail=f"{project.code} {project.cost_cents}")
    return project


def do_set_phase(actor, process: Process, phase: str) -> None:
    """Move the process forward. Opening the vote freezes the ballot type and the counting rule.

    A process never goes back, and it leaves voting only through do_close_and_count, which shuffles
    the ballots and stores the results.
    """
    if phase not in Phase.values:
        raise NotAllowed(_("Unknown phase."))
    if PHASES.reached(process.phase, phase):
        raise NotAllowed(_("A process only moves forward."))
    if phase == Phase.VOTING and not Project.objects.filter(process=process).exists():
        raise NotAllowed(_("Add projects before voting opens."))
    PHASES.check(process.phase, phase, refusal=_("Count the votes first."))
    with transaction.atomic():
        if PHASES.reached(phase, Phase.VOTING):
            process.frozen = True
        process.phase = phase
        process.save(update_fields=["phase", "frozen"])
        audit(actor, "process.phase", process, detail=phase)


def do_generate_codes(actor, process: Process, count: int) -> list[str]:
    """New one-time voting codes for a printed sheet; only their hashes are kept."""
    codes, sheet = ballots.issue_codes(VotingCode, count, community=process.community, process=process)
    audit(actor, "voting_codes.create", process, detail=f"{count} codes, sheet {sheet}")
    return codes


def find_code(process: Process, code: str) -> VotingCode | None:
    return ballots.find_code(VotingCode.objects.filter(process=process), code)


def has_voted(process: Process, *, voter=None, code: VotingCode | None = None) -> bool:
    if voter is not None:
        return RollEntry.objects.filter(process=process, voter=voter).exists()
    return RollEntry.objects.filter(process=process, code=code).exists()


class AlreadyVoted(NotAllowed):
    """This member or code has a roll entry already."""


def do_cast_ballot(process: Process, budget, *, chosen: dict, voter=None, code: VotingCode | None = None) -> str:
    """Record one ballot and its voter's roll entry in one transaction; return the receipt code.

    The two rows share nothing (core.ballots). A second ballot from the same member or code fails on
    a database constraint.
    """
    if not process.is_voting():
        raise NotAllowed(_("Voting is not open."))

    def still_open():
        # Read the phase again under a lock: a ballot must not slip in while the count runs.
        return ballots.still_open(Process.objects.filter(pk=process.pk, phase=Phase.VOTING))

    def write_roll():
        RollEntry.objects.create(community=process.community, process=process, voter=voter, code=code)

    def write_ballot(receipt_hash):
        ballot = Ballot.objects.create(community=process.community, process=process, budget=budget,
                                       receipt_hash=receipt_hash)
        Choice.objects.bulk_create([Choice(community=process.community, ballot=ballot, project=project,
                                           value=value) for project, value in chosen.items()])

    try:
        receipt = ballots.cast(still_open=still_open, write_roll=write_roll, write_ballot=write_ballot)
    except ballots.AlreadyCast:
        raise AlreadyVoted(_("A ballot was already cast with this account or code.")) from None
    if receipt is None:
        raise NotAllowed(_("Voting is not open."))
    return receipt


def ballot_for_receipt(process: Process, receipt: str) -> Ballot | None:
    return ballots.find_by_receipt(Ballot.objects.filter(process=process), receipt)


def do_close_and_count(actor, process: Process) -> list[Result]:
    """Close voting, shuffle the ballots, count every budget with the process's rule, and store results.

    Steps that never hold the database's write lock for long (SQLite has one lock for the whole file),
    so voters in other processes are not kept waiting: close in one short transaction (ballots in
    flight finish first, later ones are refused); shuffle in short chunks; rewrite the files; count
    with reads only; then store.
    """
    if process.phase not in (Phase.VOTING, Phase.RESULTS):
        raise NotAllowed(_("Votes are counted when voting closes."))
    with transaction.atomic():
        process.phase, process.frozen = Phase.RESULTS, True
        process.save(update_fields=["phase", "frozen"])
    ballots.reshuffle(Ballot.objects.filter(process=process), [(Choice, "ballot")])
    for _attempt in range(3):
        if storage.rewrite(Ballot, Choice):
            break
        time.sleep(2)
    else:
        # Another connection kept the files from being rewritten (docs/threat-model.md): on SQLite the
        # next purge run finishes it; on PostgreSQL, counting again does.
        audit(actor, "ballots.rewrite_deferred", process)
    counted = []
    try:
        for budget in process.budgets.all():
            outcome, greedy, election = tally.count(budget)
            counted.append((budget, outcome, greedy, election, tally.support(budget)))
    except (pb.UnknownOption, ValueError) as problem:
        Process.objects.filter(pk=process.pk).update(phase=Phase.VOTING)
        process.phase = Phase.VOTING
        raise NotAllowed(_("The votes could not be counted with this rule: %(problem)s") % {
            "problem": problem}) from None
    results = []
    with transaction.atomic():
        for budget, outcome, greedy, election, support in counted:
            export = pb.dumps(election)
            result, _created = Result.objects.update_or_create(budget=budget, defaults={
                "community": process.community, "process": process,
                "rule": f"{outcome.rule} ({outcome.completion})" if outcome.completion != "none" else outcome.rule,
                "winners": list(outcome.winners), "total_cost": str(outcome.total_cost),
                "reasons": tally.stored_reasons(outcome), "greedy_winners": list(greedy.winners),
                "support": support, "ballot_count": election.ballots.num_voters,
                "export_sha256": hashlib.sha256(export.encode()).hexdigest(),
            })
            Project.objects.filter(budget=budget).update(funded=False)
            Project.objects.filter(budget=budget, code__in=outcome.winners).update(funded=True)
            results.append(result)
        audit(actor, "process.count", process, detail=", ".join(r.rule for r in results))
    return results


def do_publish_results(actor, process: Process) -> None:
    if not Result.objects.filter(process=process).exists():
        raise NotAllowed(_("Count the votes first."))
    process.results_published = True
    process.save(update_fields=["results_published"])
    audit(actor, "process.publish", process)


def do_report_progress(actor, project: Project, *, progress: str, text: str) -> ProgressUpdate:
    with transaction.atomic():
        project.progress = progress
        project.save(update_fields=["progress"])
        update = ProgressUpdate.objects.create(community=project.community, project=project, progress=progress,
                                               text=text)
        audit(actor, "project.progress", project, detail=progress)
    return update


def do_save_process(actor, form) -> Process:
    """Create or change a process from a valid ProcessForm."""
    created = form.instance.pk is None
    process = form.save()
    audit(actor, "process.create" if created else "process.save", process, detail=process.slug)
    return process


def do_add_budget(actor, process: Process, *, name: str, amount) -> Budget:
    if process.frozen:
        raise NotAllowed(_("Budgets cannot change once voting has opened."))
    budget = Budget.objects.create(community=process.community, process=process, name=name,
                                   amount_cents=to_cents(amount))
    audit(actor, "budget.create", budget, detail=str(budget.amount_cents))
    return budget
