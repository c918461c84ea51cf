"""Mutual-aid workflows that touch several models. Each writes its own audit entry."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from solidarity.core.money import to_cents
from solidarity.privacy.models import AuditEntry

from . import notify
from .models import (ALLOWED_MOVES, AidSettings, Approval, Entry, HelpRequest, LedgerAccount, Match, MatchStatus, Offer,
                     Payment, PaymentKind, PaymentState, Responder, Status)


class NotAllowed(Exception):
    """A workflow step that the current state or rules do not allow; the message says why."""


def _audit(actor, action, target, detail=""):
    AuditEntry.record(actor=actor, action=action, target=target, community=target.community, detail=detail)


def _move(request: HelpRequest, status: str) -> None:
    if status not in ALLOWED_MOVES.get(request.status, ()):
        raise NotAllowed(_("A request that is “%(old)s” cannot become “%(new)s”.") % {
            "old": Status(request.status).label, "new": Status(status).label})
    if status in (Status.FULFILLED, Status.DUPLICATE, Status.REFERRED, Status.WITHDRAWN, Status.UNREACHABLE):
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
        _audit(entered_by, "request.phone_intake", request)
    return request, code


def do_triage(actor, request: HelpRequest, *, urgency, category, zone) -> None:
    if not request.is_open():
        raise NotAllowed(_("A request that is “%(old)s” cannot become “%(new)s”.") % {
            "old": request.get_status_display(), "new": Status.TRIAGED.label})
    with transaction.atomic():
        request.urgency, request.category, request.zone = urgency, category, zone
        if request.status == Status.NEW:
            _move(request, Status.TRIAGED)
        request.save()
        _audit(actor, "request.triage", request, f"urgency={urgency} category={category}")


def do_merge(actor, request: HelpRequest, into: HelpRequest) -> None:
    if into.pk == request.pk or not into.is_open():
        raise NotAllowed(_("A request can only be merged into another open request."))
    with transaction.atomic():
        _move(request, Status.DUPLICATE)
        request.merged_into = into
        request.save()
        _audit(actor, "request.merge", request, f"into {into.public_id}")


def do_refer(actor, request: HelpRequest, *, group: str) -> None:
    with transaction.atomic():
        _move(request, Status.REFERRED)
        request.referred_to = group
        request.save()
        _audit(actor, "request.refer", request, group)


def do_close(actor, request: HelpRequest, status: str) -> None:
    with transaction.atomic():
        _move(request, status)
        request.save()
        _audit(actor, "request.close", request, status)


def do_mark_call_back(actor, request: HelpRequest, *, note: str = "") -> None:
    request.call_back = True
    if note:
        request.coordinator_note = note
    request.save(update_fields=["call_back", "coordinator_note"])
    _audit(actor, "request.call_back", request)


def do_safety_screen(actor, request: HelpRequest, *, crisis: bool) -> list[Responder]:
    """Record the screen. A crisis is routed to the community's non-police responders, never to 911 by itself."""
    request.crisis = crisis
    if crisis and request.urgency != "today":
        request.urgency = "today"
    request.save(update_fields=["crisis", "urgency"])
    _audit(actor, "request.safety_screen", request, "crisis" if crisis else "no crisis")
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
                    status=MatchStatus.PROPOSED if mode == "assisted" else MatchStatus.ACTIVE,
                )
        except IntegrityError:
            raise NotAllowed(_("This request already has a match.")) from None
        _audit(actor, "match.create", match, f"{request.public_id} -> offer {offer.pk}")
    if offer.member is not None:
        transaction.on_commit(lambda: notify.tell_helper_about_match(offer.member))
    return match


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
        _audit(user, "match.accept" if accept else "match.decline", match)


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
        _audit(user, "match.progress", match, status)


def do_reveal_contact(user, request: HelpRequest, *, match: Match | None = None) -> None:
    """Every time contact details are shown, the audit log says who saw them, and on which day."""
    _audit(user, "contact.reveal", request, f"match {match.pk}" if match else "coordinator view")


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


# --- The fund -----------------------------------------------------------------------------------


def balance_cents(community, account=LedgerAccount.CASH) -> int:
    return Entry.objects.filter(community=community, account=account).aggregate(t=Sum("amount_cents"))["t"] or 0


def _post(payment: Payment) -> None:
    """Two entries that sum to zero: money in debits cash; money out credits it."""
    other = {PaymentKind.DONATION: LedgerAccount.DONATIONS, PaymentKind.DISBURSEMENT: LedgerAccount.DISBURSEMENTS,
             PaymentKind.REIMBURSEMENT: LedgerAccount.REIMBURSEMENTS}[payment.kind]
    sign = -1 if payment.is_outgoing() else 1
    Entry.objects.bulk_create([
        Entry(community=payment.community, payment=payment, account=LedgerAccount.CASH,
              amount_cents=sign * payment.amount_cents),
        Entry(community=payment.community, payment=payment, account=other, amount_cents=-sign * payment.amount_cents),
    ])


def do_record_donation(actor, community, *, amount: Decimal, category: str, name: str = "") -> Payment:
    with transaction.atomic():
        payment = Payment.objects.create(community=community, kind=PaymentKind.DONATION, state=PaymentState.PAID,
                                         amount_cents=to_cents(amount), category=category, name=name,
                                         requested_by=actor, paid_on=timezone.localdate())
        _post(payment)
        _audit(actor, "fund.donation", payment, f"{payment.amount_cents} cents")
    return payment


def do_request_payment(actor, community, *, kind, amount: Decimal, category, name="", note="") -> Payment:
    payment = Payment.objects.create(community=community, kind=kind, amount_cents=to_cents(amount),
                                     category=category, name=name, note=note, requested_by=actor)
    _audit(actor, "fund.request", payment, f"{kind} {payment.amount_cents} cents")
    return payment


def approvals_needed(payment: Payment, aid: AidSettings | None = None) -> int:
    threshold = (aid or AidSettings.for_community(payment.community)).approval_threshold_cents
    return 2 if payment.amount_cents > threshold else 1


def do_approve(actor, payment: Payment) -> None:
    """Count one organizer's approval; above the community's threshold it takes two different people."""
    if payment.state != PaymentState.REQUESTED:
        raise NotAllowed(_("Only a requested payment can be approved."))
    if payment.requested_by_id == actor.pk:
        raise NotAllowed(_("The person who asked for a payment cannot approve it."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                Approval.objects.create(community=payment.community, payment=payment, approver=actor)
        except IntegrityError:
            raise NotAllowed(_("You have approved this payment already.")) from None
        if payment.approvals.count() >= approvals_needed(payment):
            payment.state = PaymentState.APPROVED
            payment.save(update_fields=["state"])
        _audit(actor, "fund.approve", payment)


def do_reject(actor, payment: Payment) -> None:
    if payment.state not in (PaymentState.REQUESTED, PaymentState.APPROVED):
        raise NotAllowed(_("Only a payment not yet paid can be rejected."))
    payment.state = PaymentState.REJECTED
    payment.save(update_fields=["state"])
    _audit(actor, "fund.reject", payment)


def do_pay(actor, payment: Payment) -> None:
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.state != PaymentState.APPROVED:
            raise NotAllowed(_("Only an approved payment can be paid."))
        if balance_cents(payment.community) < locked.amount_cents:
            raise NotAllowed(_("The fund does not hold enough money for this payment."))
        locked.state, locked.paid_on = PaymentState.PAID, timezone.localdate()
        locked.save(update_fields=["state", "paid_on"])
        _post(locked)
        _audit(actor, "fund.pay", locked)
    payment.refresh_from_db()
