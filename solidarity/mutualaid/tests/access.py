"""Mutual aid's rows of the access matrix (solidarity/tests/test_access_matrix.py)."""

from solidarity.mutualaid.models import HelpRequest, Match, Offer, Payment

from solidarity.tests.access_table import ALL_200, MEMBERS_ONLY, ORGANIZERS_ONLY, POST_ONLY

GET_EXPECTED = {
    "aid:home": ALL_200,
    "aid:ask": ALL_200,
    "aid:status_lookup": ALL_200,
    "aid:status": (404, 404, 404, 404),
    "aid:fund": ALL_200,
    "aid:phone": MEMBERS_ONLY,
    "aid:mine": MEMBERS_ONLY,
    "aid:offer_new": MEMBERS_ONLY,
    "aid:offer_edit": MEMBERS_ONLY,
    "aid:offers": ORGANIZERS_ONLY,
    "aid:match": MEMBERS_ONLY,
    "aid:match_action": POST_ONLY,
    "aid:open": (302, 404, 404, 404),  # only in peer-to-peer mode
    "aid:queue": ORGANIZERS_ONLY,
    "aid:match_all": ORGANIZERS_ONLY,
    "aid:request": ORGANIZERS_ONLY,
    "aid:request_action": POST_ONLY,
    "aid:import": ORGANIZERS_ONLY,
    "aid:setup": ORGANIZERS_ONLY,
    "aid:ledger": MEMBERS_ONLY,
    "aid:ledger_csv": ORGANIZERS_ONLY,
    "aid:payment_action": POST_ONLY,
    "open311:services": (400, 400, 400, 400),  # two communities here: jurisdiction_id is required
    "open311:service": (400, 400, 400, 400),
    "open311:requests": (405, 405, 405, 405),
    "open311:token": (404, 404, 404, 404),
    "open311:request": (404, 404, 404, 404),
    "open311:openapi": ALL_200,
}

POST_EXPECTED = {
    "aid:request_action": (302, 404, 403, 302),
    "aid:payment_action": (302, 404, 403, 302),
    "aid:match_action": (302, 404, 302, 302),
    "open311:requests": (400, 400, 400, 400),
}


def url_args(case) -> dict:
    offer = Offer.objects.create(community=case.community, member=case.member, title="Rides", categories="food")
    request, _ = HelpRequest.start(case.community, category="food", description="x")
    request.save()
    match = Match.objects.create(community=case.community, request=request, offer=offer)
    payment = Payment.objects.create(community=case.community, kind="disbursement", amount_cents=100)
    return {"offer_id": offer.public_id, "match_id": match.public_id, "public_id": request.public_id,
            "payment_id": payment.public_id,
            "service_code": "food", "token": "NOSUCHTOKEN", "request_id": "NOSUCHID", "code": "NOSUCHCODE"}
