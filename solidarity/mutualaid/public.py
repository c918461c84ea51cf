"""What the public may see: counts only, and no count of fewer than five."""

from django.db.models import Count, Sum

from .models import CLOSED_STATUSES, Category, HelpRequest, Payment, PaymentKind, PaymentState, Status

SMALLEST_GROUP = 5


def hide_small(count: int) -> int | None:
    """None stands for "fewer than five", so a small group cannot point at a person."""
    return count if count >= SMALLEST_GROUP else None


def request_numbers(community) -> dict:
    rows = HelpRequest.objects.filter(community=community)
    by_category = dict(rows.values_list("category").annotate(n=Count("id")))
    fulfilled = rows.filter(status=Status.FULFILLED).count()
    return {
        "total": hide_small(rows.count()),
        "open": hide_small(rows.exclude(status__in=CLOSED_STATUSES).count()),
        "fulfilled": hide_small(fulfilled),
        "by_category": [(label, hide_small(by_category.get(value, 0))) for value, label in Category.choices],
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
    if count(PaymentKind.DISBURSEMENT) < SMALLEST_GROUP:
        disbursed = None
    if count(PaymentKind.REIMBURSEMENT) < SMALLEST_GROUP:
        reimbursed = None
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
        "by_category": [(label, out_by_category[value]) for value, label in Category.choices
                        if out_counts.get(value, 0) >= SMALLEST_GROUP],
    }
