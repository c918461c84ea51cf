"""The community fund: donations in, payments out with one or two approvals, and a double-entry ledger."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from solidarity.core.money import to_cents
from solidarity.communities.models import refuse_new_organizers
from solidarity.core.workflow import NotAllowed, audit

from .models import AidSettings, Approval, Entry, LedgerAccount, Payment, PaymentKind, PaymentState


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
        audit(actor, "fund.donation", payment, detail=f"{payment.amount_cents} cents")
    return payment


def do_request_payment(actor, community, *, kind, amount: Decimal, category, name="", note="") -> Payment:
    payment = Payment.objects.create(community=community, kind=kind, amount_cents=to_cents(amount),
                                     category=category, name=name, note=note, requested_by=actor)
    audit(actor, "fund.request", payment, detail=f"{kind} {payment.amount_cents} cents")
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
    if approvals_needed(payment) > 1:
        refuse_new_organizers(payment.community, actor)  # either approver, first or second
    with transaction.atomic():
        try:
            with transaction.atomic():
                Approval.objects.create(community=payment.community, payment=payment, approver=actor)
        except IntegrityError:
            raise NotAllowed(_("You have approved this payment already.")) from None
        if payment.approvals.count() >= approvals_needed(payment):
            payment.state = PaymentState.APPROVED
            payment.save(update_fields=["state"])
        audit(actor, "fund.approve", payment)


def do_reject(actor, payment: Payment) -> None:
    if payment.state not in (PaymentState.REQUESTED, PaymentState.APPROVED):
        raise NotAllowed(_("Only a payment not yet paid can be rejected."))
    payment.state = PaymentState.REJECTED
    payment.save(update_fields=["state"])
    audit(actor, "fund.reject", payment)


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
        approvers = ", ".join(sorted(a.approver.handle for a in locked.approvals.select_related("approver")
                                     if a.approver))
        audit(actor, "fund.pay", locked, detail=f"approved by {approvers}")
    payment.refresh_from_db()
