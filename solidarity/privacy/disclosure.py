"""Everything the server holds about one account.

Used for a member's own data download and for `solidarity subpoena-view`, so that what an
organization could be compelled to hand over is exactly what a member can see for themselves.
The core's sections are here; each capability adds its own through the registry. Every model
field that points at a user must be reported by some section; a test enforces it.
"""

from django.contrib.sessions.models import Session
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from solidarity.communities.models import Invitation, Membership, Notice
from solidarity.core import capabilities

from .models import AuditEntry

# Which user field each of the core's lists reports (checked against the rows by test_disclosure.py).
MODELS = {
    "memberships": "communities.Membership.user",
    "invitations_created": "communities.Invitation.created_by",
    "password_reset_links": "communities.Invitation.for_user",
    "audit_entries": "privacy.AuditEntry.actor",
    "notices_not_yet_shown": "communities.Notice.user",
}
COUNTED = ("otp_totp.TOTPDevice.user", "otp_static.StaticDevice.user")  # reported as counts in two_factor


def day(value):
    return value.isoformat() if value else None


def sessions_of(user):
    return Session.objects.filter(
        pk__in=[s.pk for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    )


def everything_about(user) -> dict:
    sessions = sessions_of(user).count()
    found = {
        "account": {
            "handle": user.handle,
            "email": user.email,
            "phone": user.phone,
            "language": user.language,
            "date_joined": day(user.date_joined),
            "last_login": day(user.last_login.date() if user.last_login else None),
            "is_active": user.is_active,
            "is_demo": user.is_demo,
        },
        "memberships": [
            {"community": m.community.slug, "role": m.role, "joined_on": day(m.joined_on)}
            for m in Membership.objects.filter(user=user).select_related("community")
        ],
        "invitations_created": [
            {"community": i.community.slug, "purpose": i.purpose, "role": i.role, "label": i.label,
             "created_on": day(i.created_on), "uses": i.uses, "max_uses": i.max_uses}
            for i in Invitation.objects.filter(created_by=user).select_related("community")
        ],
        "password_reset_links": [
            {"community": i.community.slug, "created_on": day(i.created_on), "used": i.uses >= i.max_uses}
            for i in Invitation.objects.filter(for_user=user).select_related("community")
        ],
        "audit_entries": [
            {"day": day(a.day), "action": a.action, "community": a.community.slug if a.community else None,
             "detail": a.detail}
            for a in AuditEntry.objects.filter(actor=user).select_related("community")
        ],
        "notices_not_yet_shown": [
            {"community": n.community.slug, "kind": n.kind, "about": n.about, "day": day(n.day)}
            for n in Notice.objects.filter(user=user).select_related("community")
        ],
        "two_factor": {
            "authenticator_apps": TOTPDevice.objects.filter(user=user, confirmed=True).count(),
            "recovery_codes_left": sum(d.token_set.count() for d in StaticDevice.objects.filter(user=user)),
        },
        "active_sessions": sessions,
    }
    for capability in capabilities.all_capabilities():
        if capability.my_data is not None:
            found[capability.my_data_key] = capability.my_data(user)
    return found
