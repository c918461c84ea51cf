"""What the public may see: counts only, and no count of fewer than five (privacy.suppression)."""

from django.db.models import Count, Sum

from solidarity.privacy.suppression import enough, hide_small, shown_if_enough

from .models import CATEGORIES, CLOSED_STATUSES, HelpRequest, Payment, PaymentKind, PaymentState, Status


def request_numbers(community) -> dict:
    rows = HelpRequest.objects.filter(community=community)
    by_category = dict(rows.values_list("category").annotate(n=Count("id")))
    fulfilled = rows.filter(status=Status.FULFILLED).count()
    return {
        "total": hide_small(rows.count()),
        "open": hide_small(rows.exclude(status__in=CLOSED_STATUSES).count()),
        "fulfilled": hide_small(fulfilled),
        "by_category": [(label, hide_small(by_category.get(value, 0))) for value, label in CATEGORIES],
    }


def fund_totals(community) -> dict:
    paid = Payment.objects.filter(community=community, state=PaymentState.PAID)

    def total(kind):
        return paid.filter(kind=kind).aggregate(t=Sum("amount_cents"))["t"] or 0

    def count(kind):
        return paid.filter(kind=kind).count()

    donations, disbursed, reimbursed = (total(k) for k in PaymentKind.values)
    # One payment out, shown exactly, would tell its size to anyone who knows who was helped; totals
    # out are shown once five payments make them up.
    disbursed = shown_if_enough(disbursed, count(PaymentKind.DISBURSEMENT))
    reimbursed = shown_if_enough(reimbursed, count(PaymentKind.REIMBURSEMENT))
    out_by_category = dict(paid.exclude(kind=PaymentKind.DONATION).values_list("category")
                           .annotate(t=Sum("amount_cents")).values_list("category", "t"))
    out_counts = dict(paid.exclude(kind=PaymentKind.DONATION).values_list("category").annotate(n=Count("id")))
    return {
        "donations": donations,
        "donation_count": paid.filter(kind=PaymentKind.DONATION).count(),
        "disbursed": disbursed,
        "reimbursed": reimbursed,
        "balance": donations - sum(total(k) for k in PaymentKind.values if k != PaymentKind.DONATION),
        # Only categories that at least five payments make up are listed.
        "by_category": [(label, out_by_category[value]) for value, label in CATEGORIES
                        if enough(out_counts.get(value, 0))],
    }
