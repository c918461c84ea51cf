"""The only way views fetch community objects.

Outsiders get Http404, so nothing tells them that a protected object exists; members without the
needed role get PermissionDenied.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Community, Invitation, Membership, Role


def access_membership_for_user(user, community_slug: str, *, organizer: bool = False,
                               admin: bool = False) -> Membership:
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("community")
        .filter(user=user, community__slug=community_slug)
        .first()
    )
    if membership is None:
        raise Http404
    if organizer and not membership.is_organizer():
        raise PermissionDenied
    if admin and membership.role != Role.ADMIN:
        raise PermissionDenied
    return membership


def membership_of(user, community) -> Membership | None:
    """The user's membership in a public page's community, or None (anonymous or not a member)."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(community=community, user=user).first()


def access_member_for_user(user, community_slug: str, membership_id: str) -> tuple[Membership, Membership]:
    """(the organizer's own membership, the member they act on)."""
    mine = access_membership_for_user(user, community_slug, organizer=True)
    theirs = Membership.objects.select_related("user").filter(community=mine.community, public_id=membership_id).first()
    if theirs is None:
        raise Http404
    return mine, theirs


def access_invitation_for_user(user, community_slug: str, invitation_id: str) -> tuple[Membership, Invitation]:
    mine = access_membership_for_user(user, community_slug, organizer=True)
    invitation = Invitation.objects.filter(community=mine.community, public_id=invitation_id).first()
    if invitation is None:
        raise Http404
    return mine, invitation


def public_community(community_slug: str) -> Community:
    """A community's public pages are open to anyone: the one lookup every public view uses."""
    community = Community.objects.filter(slug=community_slug).first()
    if community is None:
        raise Http404
    return community
