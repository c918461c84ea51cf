import re

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from solidarity.privacy.disclosure import sessions_of
from solidarity.privacy.models import AuditEntry


def do_delete_account(user) -> None:
    """Hard-delete the account and its personal data.

    Memberships, devices and reset links go with the row; audit entries keep the action but lose
    the actor, and the handle is taken out of entries about them; invitations the person created
    stay with the community but lose their creator.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        sessions_of(user).delete()
        whole = re.compile(rf"(?<![\w.-]){re.escape(user.handle)}(?![\w.-])")  # "ana" but not "banana"
        for entry in AuditEntry.objects.filter(detail__contains=user.handle):
            entry.detail = whole.sub("[deleted account]", entry.detail)
            entry.save(update_fields=["detail"])
        user.delete()


def end_sessions(user, *, keep: str | None = None) -> int:
    """End every session of the account except `keep` (a session key); return how many ended."""
    sessions = sessions_of(user)
    if keep:
        sessions = sessions.exclude(pk=keep)
    return sessions.delete()[0]


def do_sign_out_everywhere(user) -> int:
    """The member ends all their sessions, on every device (a lost phone, a shared computer)."""
    ended = end_sessions(user)
    AuditEntry.record(actor=user, action="account.sign_out_everywhere", detail=f"{ended} sessions")
    return ended
