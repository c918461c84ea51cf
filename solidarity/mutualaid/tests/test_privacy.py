from datetime import timedelta

import time_machine
from django.db import connection
from django.utils import timezone

from solidarity.mutualaid import public
from solidarity.mutualaid.models import HelpRequest, Status
from solidarity.privacy.retention import purge

from .base import BASE, AidTestCase

CANARY = "canary-need-5d1e"


class EncryptionTests(AidTestCase):
    def test_request_details_are_ciphertext_in_the_database(self):
        self.client.post(BASE + "ask/", {"category": "food", "urgency": "today", "description": CANARY,
                                         "contact": f"{CANARY}-phone", "contact_name": f"{CANARY}-name"})
        with connection.cursor() as cursor:
            cursor.execute("SELECT description, contact, contact_name FROM mutualaid_helprequest")
            stored = cursor.fetchone()
        for value in stored:
            self.assertTrue(value.startswith("enc:"))
            self.assertNotIn(CANARY, value)
        self.assertEqual(HelpRequest.objects.get().description, CANARY)


class PurgeTests(AidTestCase):
    def test_personal_details_go_some_days_after_closing_and_counts_stay(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            request, code = self.make_request(address="12 Elm St", cross_streets="Elm and 3rd", crisis=True,
                                              languages="es,ar", access_needs="wheelchair")
            request.close(Status.FULFILLED)
            request.save()
        with time_machine.travel(start + timedelta(days=29), tick=False):
            purge()
            request.refresh_from_db()
            self.assertEqual(request.address, "12 Elm St")
        with time_machine.travel(start + timedelta(days=31), tick=False):
            purge()
        request.refresh_from_db()
        self.assertEqual((request.description, request.contact, request.contact_name, request.address,
                          request.cross_streets), ("", "", "", "", ""))
        self.assertEqual((request.category, request.status, request.zone), ("food", "fulfilled", self.north))
        self.assertFalse(request.crisis)
        self.assertEqual((request.languages, request.access_needs), ("", ""))  # they describe the person too

    def test_open_requests_are_never_purged(self):
        request, _ = self.make_request()
        with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
            purge()
        request.refresh_from_db()
        self.assertEqual(request.description, "Groceries please")


class PublicNumbersTests(AidTestCase):
    def test_groups_smaller_than_five_are_hidden(self):
        for _ in range(4):
            self.make_request(category="housing")
        for _ in range(6):
            self.make_request(category="food")
        numbers = public.request_numbers(self.community)
        by_category = dict(numbers["by_category"])
        self.assertEqual(numbers["total"], 10)
        self.assertIsNone(by_category["Housing"])
        self.assertEqual(by_category["Food"], 6)
        self.assertIsNone(numbers["fulfilled"])
        page = self.client.get(BASE)
        self.assertContains(page, "fewer than 5")
