"""Odd input gets a clear message, never a 500."""

from django.core.files.uploadedfile import SimpleUploadedFile

from solidarity.mutualaid.models import AidSettings, HelpRequest, Match, Status

from .base import BASE, AidTestCase


class BadInputTests(AidTestCase):
    def setUp(self):
        self.request, _ = self.make_request()
        self.login(self.organizer)

    def test_a_bad_offer_id_is_explained(self):
        for offer in ("abc", "²", "99999999999999999999999", ""):
            with self.subTest(offer=offer):
                r = self.client.post(BASE + f"requests/{self.request.public_id}/action/",
                                     {"action": "match", "offer": offer}, follow=True)
                self.assertContains(r, "Choose an offer to match.")
        self.assertFalse(Match.objects.exists())

    def test_codes_with_odd_characters_are_refused_plainly(self):
        self.assertContains(self.client.get(BASE + "status/", {"code": "a/b"}), "No request has that code",
                            status_code=400)
        self.assertContains(self.client.get("/join/", {"code": "a/b"}), "not valid", status_code=400)

    def test_setup_refuses_bad_numbers_and_duplicate_areas(self):
        r = self.client.post(BASE + "setup/", {"form": "settings", "settings-exchange_mode": "moderated",
                                               "settings-purge_days": "3000000",
                                               "settings-approval_threshold_cents": "100",
                                               "settings-currency": "$"})
        self.assertEqual(r.status_code, 400)
        r = self.client.post(BASE + "setup/", {"form": "zone", "zone-name": "north"})
        self.assertContains(r, "There is already an area with this name.", status_code=400)
        self.assertEqual(self.client.post(BASE + "setup/", {"delete_responder": "²"}).status_code, 200)

    def test_a_sheet_in_an_old_encoding_or_with_a_huge_cell_is_handled(self):
        data = "Kind of help,Need\nfood,Caf\xe9 \x81 vouchers\n".encode("latin-1")
        r = self.client.post(BASE + "import/", {"kind": "requests", "file": SimpleUploadedFile("a.csv", data)})
        self.assertContains(r, "Match the columns")
        huge = ("Kind of help,Need\nfood," + "x" * 200_000 + "\n").encode()
        r = self.client.post(BASE + "import/", {"kind": "requests", "file": SimpleUploadedFile("b.csv", huge)})
        self.assertContains(r, "could not be read as CSV", status_code=400)

    def test_very_long_text_is_refused(self):
        r = self.client_class().post(BASE + "ask/", {"category": "food", "urgency": "today",
                                                     "description": "x" * 10_000})
        self.assertContains(r, "Ensure this value has at most 4000 characters", status_code=400)
        self.assertEqual(HelpRequest.objects.count(), 1)


class PeerLimitsTests(AidTestCase):
    def setUp(self):
        AidSettings.objects.filter(community=self.community).update(exchange_mode="peer")
        self.client.force_login(self.member)

    def triaged(self, **fields):
        request, _ = self.make_request(**fields)
        request.status = Status.TRIAGED
        request.save()
        return request

    def test_a_crisis_is_never_open_for_claiming(self):
        crisis = self.triaged(crisis=True, contact="555-0911")
        self.assertNotContains(self.client.get(BASE + "open/"), crisis.public_id)
        self.client.post(BASE + "open/", {"request": crisis.public_id})
        self.assertFalse(Match.objects.exists())

    def test_a_member_cannot_claim_more_than_their_capacity(self):
        requests = [self.triaged() for _ in range(3)]  # the member's offer takes 2
        for request in requests:
            self.client.post(BASE + "open/", {"request": request.public_id})
        self.assertEqual(Match.objects.count(), 2)
