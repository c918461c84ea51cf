import re

from solidarity.mutualaid.models import AidSettings, HelpRequest, Status

from .base import BASE, AidTestCase

FORM = {"category": "food", "urgency": "days", "description": "Groceries for three", "cross_streets": "5th and Main",
        "contact_name": "Ana", "contact": "555-0100", "languages": ["es"], "times": "sat 09:00-12:00"}


class PublicIntakeTests(AidTestCase):
    def ask(self, **changes):
        return self.client.post(BASE + "ask/", {**FORM, **changes})

    def test_a_resident_asks_with_no_account_and_gets_a_code(self):
        r = self.ask()
        self.assertEqual(r.status_code, 200)
        code = re.search(r'id="status-code">([A-Z0-9]+)<', r.content.decode()).group(1)
        request = HelpRequest.objects.get()
        self.assertEqual((request.status, request.channel, request.languages), ("new", "web", "es"))
        self.assertEqual(request.description, "Groceries for three")
        self.assertNotEqual(request.code_hash, code)
        page = self.client.get(BASE + f"status/{code}/")
        self.assertContains(page, "New")
        self.assertNotContains(page, "555-0100")

    def test_the_code_can_be_typed_with_spaces_and_lower_case(self):
        r = self.ask()
        code = re.search(r'id="status-code">([A-Z0-9]+)<', r.content.decode()).group(1)
        r = self.client.get(BASE + "status/", {"code": f" {code[:5].lower()} {code[5:]} "})
        self.assertRedirects(r, BASE + f"status/{code}/")

    def test_an_unknown_code_is_explained(self):
        r = self.client.get(BASE + "status/NOPE2345/")
        self.assertContains(r, "No request has that code", status_code=404)

    def test_bad_input_gets_clear_translated_messages(self):
        r = self.ask(category="", description="", times="whenever")
        self.assertContains(r, "This field is required.", status_code=400)
        self.assertContains(r, "Write times like", status_code=400)
        r = self.client.post(BASE + "ask/", {**FORM, "description": ""}, HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(r, "Este campo es obligatorio.", status_code=400)
        self.assertFalse(HelpRequest.objects.exists())

    def test_the_requester_follows_up_with_the_code(self):
        request, code = self.make_request()
        request.status = Status.IN_PROGRESS
        request.save()
        r = self.client.post(BASE + f"status/{code}/", {"outcome": "yes"})
        self.assertRedirects(r, BASE + f"status/{code}/")
        request.refresh_from_db()
        self.assertEqual((request.status, request.outcome), ("fulfilled", "yes"))

    def test_the_requester_can_withdraw(self):
        request, code = self.make_request()
        self.client.post(BASE + f"status/{code}/", {"action": "withdraw"})
        request.refresh_from_db()
        self.assertEqual(request.status, "withdrawn")
        self.assertIsNotNone(request.purge_on)

    def test_a_community_can_close_public_intake(self):
        AidSettings.objects.filter(community=self.community).update(public_intake=False)
        self.assertEqual(self.client.get(BASE + "ask/").status_code, 404)
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(BASE + "ask/").status_code, 200)

    def test_requests_are_never_listed_publicly(self):
        self.make_request(description="secret need 123")
        for url in (BASE, BASE + "fund/", BASE + "queue/", BASE + "open/"):
            with self.subTest(url=url):
                self.assertNotIn("secret need 123", self.client.get(url).content.decode())


class PhoneIntakeTests(AidTestCase):
    def test_a_volunteer_enters_a_request_for_someone(self):
        self.client.force_login(self.member)
        r = self.client.post(BASE + "phone/", FORM)
        self.assertContains(r, "status-code")
        request = HelpRequest.objects.get()
        self.assertEqual((request.channel, request.entered_by), ("phone", self.member))

    def test_outsiders_cannot(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(BASE + "phone/", FORM).status_code, 404)
