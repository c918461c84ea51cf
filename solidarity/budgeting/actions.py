"""Budgeting workflows that touch several models. Each writes its own audit entry."""

import hashlib
import random
import uuid

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from solidarity.core.money import to_cents
from solidarity.engines import pb
from solidarity.privacy.codes import is_number
from solidarity.privacy.models import AuditEntry

from . import tally
from .models import (PHASE_ORDER, Ballot, Choice, Idea, PaperBatch, PaperEntry, Phase, Process, ProgressUpdate, Project,
                     Result, RollEntry, Site, VotingCode, hash_code, new_code)


class NotAllowed(Exception):
    """A step the process's phase or rules do not allow; the message says why, translated."""


def _audit(actor, action, target, detail=""):
    AuditEntry.record(actor=actor, action=action, target=target, community=target.community, detail=detail)


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
    _audit(actor, "idea.merge", idea, f"into {into.pk}")


def do_decline_idea(actor, idea: Idea) -> None:
    idea.status = Idea.Status.DECLINED
    idea.save(update_fields=["status"])
    _audit(actor, "idea.decline", idea)


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
        _audit(actor, "project.save", project, f"{project.code} {project.cost_cents}")
    return project


def do_set_phase(actor, process: Process, phase: str) -> None:
    """Move the process forward. Opening the vote freezes the ballot type and the counting rule.

    A process never goes back, and it leaves voting only through do_close_and_count, which shuffles
    the ballots and stores the results.
    """
    if phase not in PHASE_ORDER:
        raise NotAllowed(_("Unknown phase."))
    if PHASE_ORDER.index(phase) <= PHASE_ORDER.index(process.phase):
        raise NotAllowed(_("A process only moves forward."))
    if phase == Phase.VOTING and not Project.objects.filter(process=process).exists():
        raise NotAllowed(_("Add projects before voting opens."))
    if PHASE_ORDER.index(phase) > PHASE_ORDER.index(Phase.VOTING) and process.phase in (
            Phase.IDEAS, Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING):
        raise NotAllowed(_("Count the votes first."))
    with transaction.atomic():
        if PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.VOTING):
            process.frozen = True
        process.phase = phase
        process.save(update_fields=["phase", "frozen"])
        _audit(actor, "process.phase", process, phase)


def do_generate_codes(actor, process: Process, count: int) -> list[str]:
    """New one-time voting codes for a printed sheet; only their hashes are kept."""
    sheet = (VotingCode.objects.filter(process=process).order_by("-sheet").values_list("sheet", flat=True).first()
             or 0) + 1
    codes = [new_code() for _ in range(count)]
    VotingCode.objects.bulk_create([VotingCode(community=process.community, process=process,
                                               code_hash=hash_code(code), sheet=sheet) for code in codes])
    _audit(actor, "voting_codes.create", process, f"{count} codes, sheet {sheet}")
    return codes


def find_code(process: Process, code: str) -> VotingCode | None:
    return VotingCode.objects.filter(process=process, code_hash=hash_code(code)).first()


def has_voted(process: Process, *, voter=None, code: VotingCode | None = None) -> bool:
    if voter is not None:
        return RollEntry.objects.filter(process=process, voter=voter).exists()
    return RollEntry.objects.filter(process=process, code=code).exists()


def _receipt_hash(receipt: str) -> str:
    return hashlib.sha256(("receipt:" + receipt).encode()).hexdigest()


def do_cast_ballot(process: Process, budget, *, chosen: dict, voter=None, code: VotingCode | None = None) -> str:
    """Record one ballot and its voter's roll entry in one transaction; return the receipt code.

    The two rows share nothing: the ballot's id is random, it has no time, and it names no one.
    A second ballot from the same member or code fails on a database constraint.
    """
    if not process.is_voting():
        raise NotAllowed(_("Voting is not open."))
    receipt = new_code(12)
    try:
        with transaction.atomic():
            # Read the phase again under a lock: a ballot must not slip in while the count runs.
            if not Process.objects.select_for_update().filter(pk=process.pk, phase=Phase.VOTING).exists():
                raise NotAllowed(_("Voting is not open."))
            RollEntry.objects.create(community=process.community, process=process, voter=voter, code=code)
            ballot = Ballot.objects.create(id=uuid.uuid4(), community=process.community, process=process,
                                           budget=budget, receipt_hash=_receipt_hash(receipt))
            Choice.objects.bulk_create([Choice(community=process.community, ballot=ballot, project=project,
                                               value=value) for project, value in chosen.items()])
    except IntegrityError:
        raise NotAllowed(_("A ballot was already cast with this account or code.")) from None
    return receipt


def ballot_for_receipt(process: Process, receipt: str) -> Ballot | None:
    return Ballot.objects.filter(process=process, receipt_hash=_receipt_hash(receipt.strip().upper())).first()


def do_check_in_paper_voter(actor, process: Process, *, who: str, site: Site) -> RollEntry:
    """Before a paper ballot is handed out: the person is put on the roll, or refused if they voted."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(handle__iexact=who.strip(), memberships__community=process.community
                                           ).first()
    code = None if user else find_code(process, who)
    if user is None and code is None:
        raise NotAllowed(_("No member or voting code matches that."))
    try:
        with transaction.atomic():
            entry = RollEntry.objects.create(community=process.community, process=process, voter=user, code=code,
                                             channel=RollEntry.Channel.PAPER, site=site)
    except IntegrityError:
        raise NotAllowed(_("This person has already voted. Do not give them a ballot.")) from None
    _audit(actor, "paper.check_in", process, site.name)
    return entry


def parse_paper(text: str, batch: PaperBatch) -> list[dict]:
    """Ballots typed one a line -> [{project: value}]; raises NotAllowed naming the first bad line.

    Each paper ballot must follow the same rules as an online one.
    """
    from .forms import ballot_problem

    process = batch.process
    projects = {p.code: p for p in batch.budget.projects.all()}
    ballots = []
    for number, line in enumerate(text.splitlines(), start=1):
        tokens = line.replace(",", " ").split()
        if not tokens:
            continue
        chosen = {}
        for rank, token in enumerate(tokens, start=1):
            code, _sep, points = token.upper().partition("=")
            if code not in projects:
                raise NotAllowed(_("Line %(line)s: no project has the code %(code)s.") % {"line": number,
                                                                                          "code": code})
            if process.ballot_type == "cumulative":
                if not is_number(points) or int(points) > process.points:
                    raise NotAllowed(_("Line %(line)s: write points as P1=3.") % {"line": number})
                chosen[projects[code]] = int(points)
            else:
                chosen[projects[code]] = rank if process.ballot_type == "ranked" else 1
        problem = ballot_problem(process, batch.budget, chosen)
        if problem:
            raise NotAllowed(_("Line %(line)s: %(problem)s") % {"line": number, "problem": problem})
        ballots.append(chosen)
    return ballots


def _canonical(ballots) -> list:
    return sorted(sorted((p.code, v) for p, v in ballot.items()) for ballot in ballots)


def do_enter_batch(actor, batch: PaperBatch, text: str) -> str:
    """Store one organizer's typing of a batch. When two different organizers agree, the ballots count.

    Returns "waiting" (one entry so far), "accepted" or "mismatch".
    """
    ballots = parse_paper(text, batch)
    with transaction.atomic():
        if PaperBatch.objects.select_for_update().filter(pk=batch.pk, accepted=True).exists():
            raise NotAllowed(_("This batch is already counted."))
        PaperEntry.objects.update_or_create(batch=batch, entered_by=actor,
                                            defaults={"text": text, "community": batch.community})
        entries = list(batch.entries.all())
        _audit(actor, "paper.entry", batch, f"{len(ballots)} ballots")
        if len(entries) < 2:
            return "waiting"
        versions = [_canonical(parse_paper(e.text, batch)) for e in entries]
        if any(v != versions[0] for v in versions):
            return "mismatch"
        _accept(batch, ballots)
        return "accepted"


def do_reconcile(actor, batch: PaperBatch, entry: PaperEntry) -> None:
    """After checking the paper, an organizer confirms which typing is right; the other is replaced.

    Only when two different organizers have typed the batch and their typings differ.
    """
    with transaction.atomic():
        locked = PaperBatch.objects.select_for_update().get(pk=batch.pk)
        typists = set(locked.entries.values_list("entered_by", flat=True))
        if locked.accepted or len(typists) < 2:
            raise NotAllowed(_("A batch is reconciled only after two organizers have typed it."))
        ballots = parse_paper(entry.text, batch)
        batch.entries.exclude(pk=entry.pk).update(text=entry.text)
        _accept(batch, ballots)
        _audit(actor, "paper.reconcile", batch)


def _accept(batch: PaperBatch, ballots) -> None:
    for chosen in ballots:
        ballot = Ballot.objects.create(id=uuid.uuid4(), community=batch.community, process=batch.process,
                                       budget=batch.budget, site=batch.site)
        Choice.objects.bulk_create([Choice(community=batch.community, ballot=ballot, project=p, value=v)
                                    for p, v in chosen.items()])
    batch.accepted = True
    batch.save(update_fields=["accepted"])


def _shuffle_ballots(process: Process) -> None:
    """Rewrite every ballot in random order under new ids, so that storage order (SQLite row ids,
    PostgreSQL tuple order) cannot be lined up with the order of the voter roll.

    Plain SQL through Django's cursor: a city's 60,000 ballots and 300,000 choices are rewritten in
    seconds, where model instances and the ORM's cascade took most of a minute and held voters
    back (SQLite has one write lock)."""
    ballots = list(Ballot.objects.filter(process=process).values_list("id", "budget_id", "receipt_hash", "site_id"))
    choices: dict = {}
    for ballot_id, project_id, value in Choice.objects.filter(ballot__process=process).values_list(
            "ballot_id", "project_id", "value"):
        choices.setdefault(ballot_id, []).append((project_id, value))
    random.SystemRandom().shuffle(ballots)
    q = connection.ops.quote_name
    ballot_table, choice_table = q(Ballot._meta.db_table), q(Choice._meta.db_table)

    def column(model, name):
        return q(model._meta.get_field(name).column)

    key = Ballot._meta.pk
    fresh = [(key.get_db_prep_value(uuid.uuid4(), connection), ballot) for ballot in ballots]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {choice_table} WHERE {column(Choice, 'ballot')} IN "
                       f"(SELECT {column(Ballot, 'id')} FROM {ballot_table} WHERE {column(Ballot, 'process')} = %s)",
                       [process.pk])
        cursor.execute(f"DELETE FROM {ballot_table} WHERE {column(Ballot, 'process')} = %s", [process.pk])
        names = ", ".join(column(Ballot, n) for n in ("id", "community", "process", "budget", "receipt_hash", "site"))
        cursor.executemany(f"INSERT INTO {ballot_table} ({names}) VALUES (%s, %s, %s, %s, %s, %s)",
                           [(new, process.community_id, process.pk, budget_id, receipt, site_id)
                            for new, (_old, budget_id, receipt, site_id) in fresh])
        names = ", ".join(column(Choice, n) for n in ("community", "ballot", "project", "value"))
        cursor.executemany(f"INSERT INTO {choice_table} ({names}) VALUES (%s, %s, %s, %s)",
                           [(process.community_id, new, project_id, value)
                            for new, (old, *_rest) in fresh for project_id, value in choices.get(old, [])])


def do_close_and_count(actor, process: Process) -> list[Result]:
    """Close voting, shuffle the ballots, count every budget with the process's rule, and store results.

    Three steps, so that a long count never holds the database's write lock (SQLite has one lock for
    the whole file): close and shuffle in one short transaction, count with reads only, then store.
    """
    if process.phase not in (Phase.VOTING, Phase.RESULTS):
        raise NotAllowed(_("Votes are counted when voting closes."))
    with transaction.atomic():
        process.phase, process.frozen = Phase.RESULTS, True
        process.save(update_fields=["phase", "frozen"])
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete = ON")
        _shuffle_ballots(process)
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
                "explanations": dict(outcome.explanations), "greedy_winners": list(greedy.winners),
                "support": support, "ballot_count": election.ballots.num_voters,
                "export_sha256": hashlib.sha256(export.encode()).hexdigest(),
            })
            Project.objects.filter(budget=budget).update(funded=False)
            Project.objects.filter(budget=budget, code__in=outcome.winners).update(funded=True)
            results.append(result)
        _audit(actor, "process.count", process, ", ".join(r.rule for r in results))
    return results


def do_publish_results(actor, process: Process) -> None:
    if not Result.objects.filter(process=process).exists():
        raise NotAllowed(_("Count the votes first."))
    process.results_published = True
    process.save(update_fields=["results_published"])
    _audit(actor, "process.publish", process)


def do_report_progress(actor, project: Project, *, progress: str, text: str) -> ProgressUpdate:
    with transaction.atomic():
        project.progress = progress
        project.save(update_fields=["progress"])
        update = ProgressUpdate.objects.create(community=project.community, project=project, progress=progress,
                                               text=text)
        _audit(actor, "project.progress", project, progress)
    return update
