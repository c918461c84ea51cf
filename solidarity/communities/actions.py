"""Community workflows that touch several models. Each writes its own audit entry."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidarity.accounts.actions import end_sessions
from solidarity.core import capabilities
from solidarity.core.mail import tell
from solidarity.core.workflow import NotAllowed, audit

from .models import Invitation, Membership, Notice, Purpose, Role, hash_code


class InvitationRefused(Exception):
    """The code is unknown, expired, revoked or used up. One message for all, so codes cannot be probed."""

    def __str__(self):
        return _("This invitation or link is not valid. It may have expired or been used already.")


def _claim(code: str, purpose: str) -> Invitation:
    """Lock a usable invitation and count one use. Call inside a transaction."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .usable()
        .select_related("community", "for_user")
        .filter(code_hash=hash_code(code), purpose=purpose)
        .first()
    )
    if invitation is None:
        raise InvitationRefused
    invitation.uses += 1
    invitation.save(update_fields=["uses"])
    return invitation


def find_usable_invitation(code: str, purpose: str = Purpose.JOIN) -> Invitation:
    invitation = (
        Invitation.objects.usable()
        .select_related("community", "for_user")
        .filter(code_hash=hash_code(code), purpose=purpose)
        .first()
    )
    if invitation is None:
        raise InvitationRefused
    return invitation


def do_create_invitation(actor: Membership, *, role: str, max_uses: int, days: int, label: str = ""):
    if role == Role.ADMIN and actor.role != Role.ADMIN:
        raise NotAllowed(_("Only admins can invite admins."))
    if role == Role.ORGANIZER and actor.role != Role.ADMIN:
        raise NotAllowed(_("Only admins can invite organizers."))
    invitation, code = Invitation.issue(
        community=actor.community, created_by=actor.user, role=role, max_uses=max_uses, days=days, label=label
    )
    audit(actor.user, "invitation.create", invitation, community=actor.community,
                      detail=f"role={role} uses={max_uses} days={days}")
    return invitation, code


def do_revoke_invitation(actor: Membership, invitation: Invitation) -> None:
    invitation.revoked = True
    invitation.save(update_fields=["revoked"])
    audit(actor.user, "invitation.revoke", invitation, community=actor.community)


def do_join(code: str, user) -> Membership:
    """Add an existing account to the invitation's community (or return its membership)."""
    with transaction.atomic():
        invitation = _claim(code, Purpose.JOIN)
        membership, created = Membership.objects.get_or_create(
            community=invitation.community, user=user, defaults={"role": invitation.role}
        )
        if not created:
            # Already a member: give the use back.
            invitation.uses -= 1
            invitation.save(update_fields=["uses"])
        elif membership.is_organizer():
            tell_admins_about_new_organizer(membership)
    return membership


def do_join_with_new_account(code: str, *, handle: str, password: str, language: str) -> Membership:
    with transaction.atomic():
        invitation = _claim(code, Purpose.JOIN)
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(handle, password, language=language)
        except IntegrityError:
            raise HandleTaken from None
        membership = Membership.objects.create(community=invitation.community, user=user, role=invitation.role)
        if membership.is_organizer():
            tell_admins_about_new_organizer(membership)
        return membership


class HandleTaken(Exception):
    pass


def do_change_role(actor: Membership, member: Membership, role: str) -> None:
    if Role.ADMIN in (role, member.role) and actor.role != Role.ADMIN:
        raise NotAllowed(_("Only admins grant or remove the admin role."))
    if role == Role.ORGANIZER and member.role == Role.MEMBER and actor.role != Role.ADMIN:
        raise NotAllowed(_("Only admins make organizers."))
    previous, member.role = member.role, role
    if previous != role:
        member.role_since = timezone.localdate()
    member.save(update_fields=["role", "role_since"])
    audit(actor.user, "membership.role", member, community=actor.community,
                      detail=f"{member.user.handle}: {previous} -> {role}")
    if previous == Role.MEMBER and member.is_organizer():
        tell_admins_about_new_organizer(member)


def tell_admins_about_new_organizer(member: Membership) -> None:
    """Every admin of the community is told at their next sign-in, and by a bare email if they gave one."""
    admins = [m.user for m in Membership.objects.filter(community=member.community, role=Role.ADMIN)
              .exclude(user=member.user).select_related("user")]
    Notice.objects.bulk_create([Notice(community=member.community, user=admin, kind=Notice.Kind.NEW_ORGANIZER,
                                       about=member.user.handle) for admin in admins])
    for admin in admins:
        transaction.on_commit(lambda admin=admin: tell(admin))


def do_remove_member(actor: Membership, member: Membership) -> None:
    if member.role == Role.ADMIN and actor.role != Role.ADMIN:
        raise NotAllowed(_("Only admins remove admins."))
    handle = member.user.handle
    member.delete()
    audit(actor.user, "membership.remove", community=actor.community, detail=handle)


class ResetRefused(Exception):
    def __str__(self):
        return _("This person also belongs to another community, so a password link from here could open "
                 "their account there too. Ask the server's administrator to help them.")


def do_issue_reset_link(actor: Membership, member: Membership) -> str:
    """A one-use link, good for an hour, with which a member who has no email sets a new password.

    Refused for anyone who belongs to another community: the link resets the whole account, and an
    organizer here must not be able to take over someone's account elsewhere.
    """
    if member.is_organizer() and actor.role != Role.ADMIN:
        raise NotAllowed(_("Only admins reset an organizer's or an admin's password."))
    if Membership.objects.filter(user=member.user).exclude(community=actor.community).exists():
        raise ResetRefused
    Invitation.objects.filter(purpose=Purpose.RESET, for_user=member.user).update(revoked=True)
    invitation, code = Invitation.issue(community=actor.community, created_by=actor.user, purpose=Purpose.RESET,
                                        for_user=member.user, max_uses=1, days=0, hours=1)
    audit(actor.user, "password.reset_link", invitation, community=actor.community,
                      detail=member.user.handle)
    Notice.objects.create(community=actor.community, user=member.user, kind=Notice.Kind.PASSWORD_LINK)
    return code


def do_reset_password(code: str, password: str):
    with transaction.atomic():
        invitation = _claim(code, Purpose.RESET)
        user = invitation.for_user
        user.set_password(password)
        user.save(update_fields=["password"])
        end_sessions(user)
    return user


def do_save_community_settings(actor: Membership, *, enabled: list[str], currency: str) -> None:
    """Switch the community's capabilities on or off (nav, home cards and pages follow) and set its currency."""
    known = [c.slug for c in capabilities.all_capabilities()]
    community = actor.community
    community.capabilities_off = sorted(set(known) - set(enabled))
    community.currency = currency
    community.save(update_fields=["capabilities_off", "currency"])
    audit(actor.user, "community.settings", community, community=community,
          detail="off: " + (",".join(community.capabilities_off) or "none"))
