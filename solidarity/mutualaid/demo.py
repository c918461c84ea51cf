"""Mutual-aid demo data for `solidarity demo`: areas, responders, offers, requests, a match and a fund."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from . import actions, fund
from .models import AidSettings, HelpRequest, Offer, Responder, Status, Zone

ZONES = {"Eastside Center": ["Mill District", "Harbor Flats"], "Mill District": ["Northgate"],
         "Harbor Flats": [], "Northgate": []}
OFFERS = [  # handle, kind, title, categories, zone, languages, access, times, capacity
    ("demo-member", "volunteer", "Rides and grocery runs", "transport,food", "Eastside Center", "en,es", "car",
     "sat 09:00-13:00; wed 17:00-20:00", 2),
    ("rosa-m", "volunteer", "Cooking and meal drop-offs", "food,eldercare", "Mill District", "es", "delivery",
     "sun 11:00-15:00", 3),
    ("marcus", "volunteer", "Childcare swaps", "childcare", "Harbor Flats", "en", "", "tue 15:00-19:00", 2),
    ("lin_w", "volunteer", "Paperwork and job applications", "jobs,income,housing", "Northgate", "en,zh", "",
     "thu 18:00-21:00", 2),
    (None, "offer", "Pantry shelf at the community center", "food", "Eastside Center", "", "step-free", "", 10),
    ("don-pedro", "volunteer", "Check-ins with elders", "eldercare,health", "Mill District", "es,en", "",
     "mon 10:00-12:00; fri 10:00-12:00", 3),
]
REQUESTS = [  # category, urgency, zone, description, contact, languages, status
    ("food", "today", "Eastside Center", "Groceries for a family of four this week.", "555-0140", "es", "triaged"),
    ("transport", "days", "Eastside Center", "A ride to a clinic appointment on Saturday morning.", "555-0172",
     "en", "matched"),
    ("childcare", "week", "Harbor Flats", "After-school care two afternoons while I start a new job.", "555-0119",
     "en", "new"),
    ("eldercare", "week", "Mill District", "My grandmother lives alone and would like a weekly visit.",
     "signal: @abuela-visits", "es", "triaged"),
    ("housing", "days", "Northgate", "Help writing to the landlord about repairs.", "555-0188", "en,zh", "new"),
    ("income", "today", "Harbor Flats", "Short on the electric bill before shut-off.", "555-0101", "en", "triaged"),
    ("food", "anytime", "Mill District", "Baby formula.", "555-0155", "en", "fulfilled"),
]


def add_mutual_aid_demo(community, organizer) -> None:
    if HelpRequest.objects.filter(community=community).exists():
        return
    with transaction.atomic():
        AidSettings.objects.get_or_create(community=community)
        zones = {name: Zone.objects.get_or_create(community=community, name=name)[0] for name in ZONES}
        for name, neighbours in ZONES.items():
            zones[name].neighbours.add(*(zones[n] for n in neighbours), through_defaults={"community": community})
        Responder.objects.create(community=community, name="Eastside Crisis Care Team", phone="555-0911",
                                 hours="24/7", serves="Mental-health crises, de-escalation; no police")
        Responder.objects.create(community=community, name="Safe Homes Line", phone="555-0123",
                                 hours="24/7", serves="Violence at home, safety planning, shelter")
        users = {u.handle: u for u in get_user_model().objects.filter(handle__in=[o[0] for o in OFFERS if o[0]])}
        offers = {}
        for handle, kind, title, categories, zone, languages, access, times, capacity in OFFERS:
            offers[title] = Offer.objects.create(
                community=community, member=users.get(handle), kind=kind, title=title, categories=categories,
                zone=zones[zone], languages=languages, access_provides=access, times=times, capacity=capacity,
                contact="555-0100" if handle is None else "")
        for category, urgency, zone, description, contact, languages, status in REQUESTS:
            request, _code = HelpRequest.start(community, category=category, urgency=urgency, zone=zones[zone],
                                               description=description, contact=contact, contact_name="Neighbour",
                                               languages=languages, cross_streets="near the park")
            request.save()
            if status in ("triaged", "matched", "fulfilled"):
                actions.do_triage(organizer, request, urgency=urgency, category=category, zone=zones[zone])
            if status in ("matched", "fulfilled"):
                actions.do_match(organizer, request, offers["Rides and grocery runs" if category == "transport"
                                                            else "Pantry shelf at the community center"])
            if status == "fulfilled":
                request.refresh_from_db()
                actions.do_close(organizer, request, Status.FULFILLED)
        for amount, name in ((250, "Block party collection"), (100, ""), (40, ""), (500, "Tenants union"),
                             (75, ""), (60, "")):
            fund.do_record_donation(organizer, community, amount=Decimal(amount), category="other", name=name)
        payout = fund.do_request_payment(organizer, community, kind="disbursement", amount=Decimal("80.00"),
                                            category="income", note="Electric bill")
        second = get_user_model().objects.get(handle="amara")
        fund.do_approve(second, payout)
        fund.do_pay(second, payout)
        fund.do_request_payment(users["demo-member"], community, kind="reimbursement", amount=Decimal("23.50"),
                                   category="food", note="Groceries for the Saturday run")
