"""Everything the server holds about one account.

Used for a member's own data download and for `solidarity subpoena-view`, so that what an
organization could be compelled to hand over is exactly what a member can see for themselves.
Every model with a foreign key to the user must appear here; a test enforces it.
"""

from django.contrib.sessions.models import Session
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from solidarity.communities.models import Invitation, Membership

from .models import AuditEntry


def _day(value):
    return value.isoformat() if value else None


def sessions_of(user):
    return Session.objects.filter(
        pk__in=[s.pk for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    )


def everything_about(user) -> dict:
    sessions = sessions_of(user).count()
    return {
        "account": {
            "handle": user.handle,
            "email": user.email,
            "phone": user.phone,
            "language": user.language,
            "date_joined": _day(user.date_joined),
            "last_login": _day(user.last_login.date() if user.last_login else None),
            "is_active": user.is_active,
            "is_demo": user.is_demo,
        },
        "memberships": [
            {"community": m.community.slug, "role": m.role, "joined_on": _day(m.joined_on)}
            for m in Membership.objects.filter(user=user).select_related("community")
        ],
        "invitations_created": [
            {"community": i.community.slug, "purpose": i.purpose, "role": i.role, "label": i.label,
             "created_on": _day(i.created_on), "uses": i.uses, "max_uses": i.max_uses}
            for i in Invitation.objects.filter(created_by=user).select_related("community")
        ],
        "password_reset_links": [
            {"community": i.community.slug, "created_on": _day(i.created_on), "used": i.uses >= i.max_uses}
            for i in Invitation.objects.filter(for_user=user).select_related("community")
        ],
        "audit_entries": [
            {"day": _day(a.day), "action": a.action, "community": a.community.slug if a.community else None,
             "detail": a.detail}
            for a in AuditEntry.objects.filter(actor=user).select_related("community")
        ],
        "two_factor": {
            "authenticator_apps": TOTPDevice.objects.filter(user=user, confirmed=True).count(),
            "recovery_codes_left": sum(d.token_set.count() for d in StaticDevice.objects.filter(user=user)),
        },
        "active_sessions": sessions,
        "mutual_aid": _mutual_aid(user),
        "budgeting": _budgeting(user),
    }


def _budgeting(user) -> dict:
    """Whether someone voted is on the roll; what they voted is not linked to them anywhere."""
    from solidarity.budgeting.models import Idea, PaperEntry, RollEntry

    return {
        "ideas": [{"process": i.process.slug, "title": i.title, "created_on": _day(i.created_on)}
                  for i in Idea.objects.filter(submitted_by=user).select_related("process")],
        "voted_in": [{"process": r.process.slug, "channel": r.channel}
                     for r in RollEntry.objects.filter(voter=user).select_related("process")],
        "paper_batches_typed": [{"process": e.batch.process.slug, "batch": e.batch.label}
                                for e in PaperEntry.objects.filter(entered_by=user).select_related("batch__process")],
    }


def _mutual_aid(user) -> dict:
    from solidarity.mutualaid.models import Approval, HelpRequest, Match, Offer, Payment

    return {
        "offers": [
            {"community": o.community.slug, "kind": o.kind, "title": o.title, "categories": o.categories,
             "details": o.details, "contact": o.contact, "active": o.active, "created_on": _day(o.created_on)}
            for o in Offer.objects.filter(member=user).select_related("community")
        ],
        "matches_as_helper": [
            {"community": m.community.slug, "request": m.request.public_id, "status": m.status,
             "created_on": _day(m.created_on)}
            for m in Match.objects.filter(offer__member=user).select_related("community", "request")
        ],
        "requests_entered_for_others": [
            {"community": r.community.slug, "request": r.public_id, "created_on": _day(r.created_on)}
            for r in HelpRequest.objects.filter(entered_by=user).select_related("community")
        ],
        "fund_payments_requested": [
            {"community": p.community.slug, "kind": p.kind, "amount_cents": p.amount_cents, "state": p.state,
             "created_on": _day(p.created_on)}
            for p in Payment.objects.filter(requested_by=user).select_related("community")
        ],
        "fund_approvals": [
            {"community": a.community.slug, "payment": a.payment_id, "day": _day(a.day)}
            for a in Approval.objects.filter(approver=user).select_related("community")
        ],
    }
