"""Mutual-aid workflows for requests, offers and matches. Each writes its own audit entry. The fund is in fund.py."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from solidarity.core.workflow import NotAllowed, audit

from . import notify
from .models import (CLOSED_STATUSES, STATUSES, AidSettings, ExchangeMode, HelpRequest, Match, MatchStatus, Offer,
                     Responder, Status, Urgency)


def _refusal(request: HelpRequest, status: str) -> str:
    return _("A request that is “%(old)s” cannot become “%(new)s”.") % {
        "old": Status(request.status).label, "new": Status(status).label}


def _move(request: HelpRequest, status: str) -> None:
    STATUSES.check(request.status, status, refusal=_refusal(request, status))
    if status in CLOSED_STATUSES:
        request.close(status)
        Match.objects.filter(request=request, status__in=(MatchStatus.PROPOSED, MatchStatus.ACTIVE)).update(
            status=MatchStatus.DONE if status == Status.FULFILLED else MatchStatus.CANCELLED)
    else:
        request.status = status


def do_submit_request(community, *, form, channel, entered_by=None) -> tuple[HelpRequest, str]:
    """Save a new request from a valid RequestForm; return it and the code its requester keeps."""
    request, code = HelpRequest.start(community, channel=channel, entered_by=entered_by)
    for name, value in form.cleaned_data.items():
        setattr(request, name, value)
    request.save()
    if entered_by is not None:
        audit(entered_by, "request.phone_intake", request)
    return request, code


def do_triage(actor, request: HelpRequest, *, urgency, category, zone) -> None:
    if not request.is_open():
        raise NotAllowed(_refusal(request, Status.TRIAGED))
    with transaction.atomic():
        request.urgency, request.category, request.zone = urgency, category, zone
        if request.status == Status.NEW:
            _move(request, Status.TRIAGED)
        request.save()
        audit(actor, "request.triage", request, detail=f"urgency={urgency} category={category}")


def do_merge(actor, request: HelpRequest, into: HelpRequest) -> None:
    if into.pk == request.pk or not into.is_open():
        raise NotAllowed(_("A request can only be merged into another open request."))
    with transaction.atomic():
        _move(request, Status.DUPLICATE)
        request.merged_into = into
        request.save()
        audit(actor, "request.merge", request, detail=f"into {into.public_id}")


def do_refer(actor, request: HelpRequest, *, group: str) -> None:
    with transaction.atomic():
        _move(request, Status.REFERRED)
        request.referred_to = group
        request.save()
        audit(actor, "request.refer", request)  # the audit log never holds where: free text stays out


def do_close(actor, request: HelpRequest, status: str) -> None:
    with transaction.atomic():
        _move(request, status)
        request.save()
        audit(actor, "request.close", request, detail=status)


def do_mark_call_back(actor, request: HelpRequest, *, note: str = "") -> None:
    request.call_back = True
    if note:
        request.coordinator_note = note
    request.save(update_fields=["call_back", "coordinator_note"])
    audit(actor, "request.call_back", request)


def do_safety_screen(actor, request: HelpRequest, *, crisis: bool) -> list[Responder]:
    """Record the screen. A crisis is routed to the community's non-police responders, never to 911 by itself."""
    request.crisis = crisis
    if crisis and request.urgency != Urgency.TODAY:
        request.urgency = Urgency.TODAY
    request.save(update_fields=["crisis", "urgency"])
    audit(actor, "request.safety_screen", request, detail="crisis" if crisis else "no crisis")
    return list(Responder.objects.filter(community=request.community)) if crisis else []


def do_match(actor, request: HelpRequest, offer: Offer, *, score: int = 0) -> Match:
    """Match a request with an offer. In dispatch-assisted mode the helper must accept first."""
    mode = AidSettings.for_community(request.community).exchange_mode
    with transaction.atomic():
        HelpRequest.objects.select_for_update().filter(pk=request.pk).first()
        request.refresh_from_db()
        if request.status == Status.NEW:
            _move(request, Status.TRIAGED)
        _move(request, Status.MATCHED)
        request.call_back = False
        request.save()
        live = Match.objects.filter(offer=offer, status__in=(MatchStatus.PROPOSED, MatchStatus.ACTIVE)).count()
        if live >= offer.capacity:
            raise NotAllowed(_("This helper has no room left. Choose another, or raise their capacity first."))
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    community=request.community, request=request, offer=offer, score=score,
                    status=MatchStatus.PROPOSED if mode == ExchangeMode.ASSISTED else MatchStatus.ACTIVE,
                )
        except IntegrityError:
            raise NotAllowed(_("This request already has a match.")) from None
        audit(actor, "match.create", match, detail=f"{request.public_id} -> offer {offer.pk}")
    if offer.member is not None:
        transaction.on_commit(lambda: notify.tell_helper_about_match(offer.member))
    return match


def do_save_offer(actor, form) -> Offer:
    """Save a member's offer (or a coordinator's change to it) from a valid OfferForm."""
    created = form.instance.pk is None
    offer = form.save()
    audit(actor, "offer.create" if created else "offer.save", offer)
    return offer


def do_claim(member, request: HelpRequest) -> Match:
    """Peer-to-peer: a member takes a request themselves, using (or making) their volunteer offer.

    A crisis is never open for claiming: coordinators handle it.
    """
    if request.crisis:
        raise NotAllowed(_("This request was taken or closed already."))
    offer = Offer.objects.filter(community=request.community, member=member, kind=Offer.Kind.VOLUNTEER,
                                 active=True).first()
    if offer is None:
        offer = Offer.objects.create(community=request.community, member=member, kind=Offer.Kind.VOLUNTEER,
                                     title=member.handle, categories=request.category, capacity=3)
    return do_match(member, request, offer)


def do_answer_proposal(user, match: Match, *, accept: bool) -> None:
    if match.status != MatchStatus.PROPOSED:
        raise NotAllowed(_("Only a proposed match can be accepted or declined."))
    with transaction.atomic():
        match.status = MatchStatus.ACTIVE if accept else MatchStatus.DECLINED
        match.save(update_fields=["status"])
        if not accept:
            request = match.request
            _move(request, Status.TRIAGED)
            request.save()
        audit(user, "match.accept" if accept else "match.decline", match)


def do_report_progress(user, match: Match, *, status: str) -> None:
    """The helper says the help is under way, or done."""
    if match.status != MatchStatus.ACTIVE:
        raise NotAllowed(_("Only an active match can be updated."))
    request = match.request
    with transaction.atomic():
        if status == Status.IN_PROGRESS and request.status == Status.MATCHED:
            _move(request, Status.IN_PROGRESS)
        elif status == Status.FULFILLED:
            if request.status == Status.MATCHED:
                _move(request, Status.IN_PROGRESS)
            _move(request, Status.FULFILLED)
        else:
            raise NotAllowed(_("That is not a step a helper can report."))
        request.save()
        audit(user, "match.progress", match, detail=status)


def do_reveal_contact(user, request: HelpRequest, *, match: Match | None = None) -> None:
    """Every time contact details are shown, the audit log says who saw them, and on which day."""
    audit(user, "contact.reveal", request, detail=f"match {match.pk}" if match else "coordinator view")


def do_record_followup(request: HelpRequest, *, outcome: str) -> None:
    """The requester answers "did you get what you needed?" with their code."""
    request.outcome = outcome
    if outcome == "no" and request.status in (Status.MATCHED, Status.IN_PROGRESS):
        _move(request, Status.TRIAGED)
        Match.objects.filter(request=request, status=MatchStatus.ACTIVE).update(status=MatchStatus.CANCELLED)
    elif outcome in ("yes", "partly") and request.is_open():
        if request.status == Status.MATCHED:
            _move(request, Status.IN_PROGRESS)
        if request.status == Status.IN_PROGRESS:
            _move(request, Status.FULFILLED)
    request.save()


def do_withdraw(request: HelpRequest) -> None:
    _move(request, Status.WITHDRAWN)
    request.save()


def do_save_setup(actor, community, which: str, form) -> None:
    """Save one of the setup forms: "settings", a new "zone" (with its neighbours) or a new "responder"."""
    with transaction.atomic():
        saved = form.save(commit=False)
        saved.save()
        if which == "zone":
            saved.neighbours.set(form.cleaned_data["neighbours"], through_defaults={"community": community})
        audit(actor, f"aid.setup.{which}", saved, community=community)


def do_remove_responder(actor, community, responder_id) -> None:
    removed, _count = Responder.objects.filter(community=community, pk=responder_id).delete()
    if removed:
        audit(actor, "aid.setup.responder_removed", community=community)
