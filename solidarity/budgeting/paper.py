"""Paper ballots: sites, check-ins, batches typed twice (core.paper) and the ballots they become."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from solidarity.communities.models import refuse_new_organizers
from solidarity.core import paper
from solidarity.core.workflow import NotAllowed, audit
from solidarity.privacy.codes import is_number

from .actions import find_code
from .models import Ballot, BallotType, Choice, PaperBatch, Process, RollEntry, Site


def do_add_site(actor, process: Process, *, name: str) -> Site:
    site = Site.objects.create(community=process.community, process=process, name=name)
    audit(actor, "paper.site", site)
    return site


def do_add_batch(actor, process: Process, *, site: Site, budget, label: str) -> PaperBatch:
    batch = PaperBatch.objects.create(community=process.community, process=process, site=site, budget=budget,
                                      label=label)
    audit(actor, "paper.batch", batch)
    return batch


def do_check_in_paper_voter(actor, process: Process, *, who: str, site: Site) -> RollEntry:
    """Before a paper ballot is handed out: the person is put on the roll, or refused if they voted."""
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
    audit(actor, "paper.check_in", process)
    return entry


def parse_paper(text: str, batch: PaperBatch) -> list[dict]:
    """Ballots typed one a line -> [{project: value}]; raises NotAllowed naming the first bad line.

    Each paper ballot must follow the same rules as an online one.
    """
    from .forms import ballot_problem

    process = batch.process
    projects = {p.code: p for p in batch.budget.projects.all()}
    found = []
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
            if process.ballot_type == BallotType.CUMULATIVE:
                if not is_number(points) or int(points) > process.points:
                    raise NotAllowed(_("Line %(line)s: write points as P1=3.") % {"line": number})
                chosen[projects[code]] = int(points)
            else:
                chosen[projects[code]] = rank if process.ballot_type == BallotType.RANKED else 1
        problem = ballot_problem(process, batch.budget, chosen)
        if problem:
            raise NotAllowed(_("Line %(line)s: %(problem)s") % {"line": number, "problem": problem})
        found.append(chosen)
    _refuse_more_than_checked_in(batch, len(found))
    return found


def unused_check_ins(site: Site) -> int:
    """People checked in at the site whose paper ballot has not been counted yet."""
    return RollEntry.objects.filter(site=site).count() - Ballot.objects.filter(site=site).count()


def _refuse_more_than_checked_in(batch: PaperBatch, count: int) -> None:
    unused = unused_check_ins(batch.site)
    if count > unused:
        raise NotAllowed(_("This batch has %(count)s ballots, but only %(unused)s people checked in at %(site)s "
                           "have no counted ballot yet. Check the box against the check-in list.")
                         % {"count": count, "unused": unused, "site": batch.site.name})


def _accept(batch: PaperBatch, chosen_ballots) -> None:
    # Lock the site, so two batches accepted at once cannot together pass its check-ins.
    Site.objects.select_for_update().filter(pk=batch.site_id).first()
    _refuse_more_than_checked_in(batch, len(chosen_ballots))
    for chosen in chosen_ballots:
        ballot = Ballot.objects.create(community=batch.community, process=batch.process, budget=batch.budget,
                                       site=batch.site)
        Choice.objects.bulk_create([Choice(community=batch.community, ballot=ballot, project=p, value=v)
                                    for p, v in chosen.items()])


def _canonical(chosen_ballots) -> list:
    return sorted(sorted((project.code, value) for project, value in chosen.items()) for chosen in chosen_ballots)


def do_enter_batch(actor, batch: PaperBatch, text: str) -> str:
    """Store one organizer's typing of a batch. When two different organizers agree, the ballots count.

    Returns "waiting" (one entry so far), "accepted" or "mismatch".
    """
    refuse_new_organizers(batch.community, actor)  # either typist, first or second
    return paper.do_enter(actor, batch, text, parse=parse_paper, accept=_accept, canonical=_canonical)


def do_reconcile(actor, batch: PaperBatch, entry) -> None:
    """After checking the paper, an organizer confirms which typing is right; the other is replaced."""
    paper.do_reconcile(actor, batch, entry, parse=parse_paper, accept=_accept)


def site_counts(site: Site) -> dict[str, int]:
    """Check-ins against counted ballots, as the paper page and the count show them."""
    return {"checked_in": RollEntry.objects.filter(site=site).count(),
            "ballots": Ballot.objects.filter(site=site).count()}
