"""The only way mutual-aid views fetch protected objects (see communities.access)."""

from django.http import Http404

from solidarity.communities.access import access_membership_for_user
from solidarity.communities.models import Membership

from .models import HelpRequest, Match, Offer, Payment, hash_code


def access_request_for_user(user, community_slug: str, public_id: str) -> tuple[Membership, HelpRequest]:
    """A request, for a coordinator (an organizer) of its community."""
    mine = access_membership_for_user(user, community_slug, organizer=True)
    request = HelpRequest.objects.filter(community=mine.community, public_id=public_id).first()
    if request is None:
        raise Http404
    return mine, request


def access_request_by_code(community_slug: str, code: str) -> HelpRequest:
    """The requester's own request, found by the code they keep; no account needed."""
    request = (HelpRequest.objects.select_related("community")
               .filter(community__slug=community_slug, code_hash=hash_code(code)).first())
    if request is None:
        raise Http404
    return request


def access_match_for_user(user, community_slug: str, match_id: str) -> tuple[Membership, Match]:
    """A match, for the helper it was given to or a coordinator."""
    mine = access_membership_for_user(user, community_slug)
    match = (Match.objects.select_related("request", "offer", "offer__member")
             .filter(community=mine.community, public_id=match_id).first())
    if match is None:
        raise Http404
    if match.offer.member_id != user.pk and not mine.is_organizer():
        raise Http404
    return mine, match


def access_offer_for_user(user, community_slug: str, offer_id: str) -> tuple[Membership, Offer]:
    """An offer, for the member who made it or a coordinator."""
    mine = access_membership_for_user(user, community_slug)
    offer = Offer.objects.filter(community=mine.community, public_id=offer_id).first()
    if offer is None or (offer.member_id != user.pk and not mine.is_organizer()):
        raise Http404
    return mine, offer


def access_payment_for_user(user, community_slug: str, payment_id: str) -> tuple[Membership, Payment]:
    mine = access_membership_for_user(user, community_slug, organizer=True)
    payment = Payment.objects.filter(community=mine.community, public_id=payment_id).first()
    if payment is None:
        raise Http404
    return mine, payment

