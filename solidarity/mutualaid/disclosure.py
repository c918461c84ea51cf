"""Mutual aid's section of "download my data" and subpoena-view."""

from solidarity.privacy.disclosure import day

from .models import Approval, HelpRequest, Match, Offer, Payment

# Which rows each list reports: a model and the lookup from it to the user (checked against the rows
# by privacy/tests/test_disclosure.py).
MODELS = {
    "offers": "mutualaid.Offer.member",
    "matches_as_helper": "mutualaid.Match.offer__member",
    "requests_entered_for_others": "mutualaid.HelpRequest.entered_by",
    "fund_payments_requested": "mutualaid.Payment.requested_by",
    "fund_approvals": "mutualaid.Approval.approver",
}


def section(user) -> dict:
    return {
        "offers": [
            {"community": o.community.slug, "kind": o.kind, "title": o.title, "categories": o.categories,
             "details": o.details, "contact": o.contact, "active": o.active, "created_on": day(o.created_on)}
            for o in Offer.objects.filter(member=user).select_related("community")
        ],
        "matches_as_helper": [
            {"community": m.community.slug, "request": m.request.public_id, "status": m.status,
             "created_on": day(m.created_on)}
            for m in Match.objects.filter(offer__member=user).select_related("community", "request")
        ],
        "requests_entered_for_others": [
            {"community": r.community.slug, "request": r.public_id, "created_on": day(r.created_on)}
            for r in HelpRequest.objects.filter(entered_by=user).select_related("community")
        ],
        "fund_payments_requested": [
            {"community": p.community.slug, "kind": p.kind, "amount_cents": p.amount_cents, "state": p.state,
             "created_on": day(p.created_on)}
            for p in Payment.objects.filter(requested_by=user).select_related("community")
        ],
        "fund_approvals": [
            {"community": a.community.slug, "payment": a.payment_id, "day": day(a.day)}
            for a in Approval.objects.filter(approver=user).select_related("community")
        ],
    }
