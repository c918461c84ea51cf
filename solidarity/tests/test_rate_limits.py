"""Limits on what anyone can send without an account: each limited endpoint, hit past its limit,
answers 429 with Retry-After (a page, or Open311's JSON), in the reader's language. Counts live in the
database, so two clients (two workers' worth of sessions) from one address share them; keys are
keyed hashes, never an address or a slug."""

from django.test import Client, override_settings

from solidarity.budgeting.tests.base import ProcessTestCase
from solidarity.privacy.models import ThrottleBucket

LIMITS = {"requests-per-client": (2, 60), "requests-per-community": (3, 60), "lookups-per-client": (2, 10),
          "ideas-per-client": (2, 60)}
ADDRESS = "198.51.100.23"
REQUEST = {"category": "food", "description": "Groceries", "cross_streets": "5th and Main", "urgency": "anytime",
           "contact_name": "", "contact": ""}
OPEN311 = {"service_code": "food", "description": "Groceries", "jurisdiction_id": "riverside"}

# (what, method, path, data): every endpoint that takes a code or a submission from anyone.
ENDPOINTS = [
    ("the help form", "post", "/c/riverside/aid/ask/", REQUEST),
    ("Open311 requests", "post", "/open311/v2/requests.json", OPEN311),
    ("a request's status by code", "get", "/c/riverside/aid/status/ABCD-EFGH/", {}),
    ("Open311 tokens", "get", "/open311/v2/tokens/ABCDEFGH.json", {}),
    ("Open311 request status", "get", "/open311/v2/requests/r-1.json", {"token": "x"}),
    ("receipts", "get", "/c/riverside/pb/spring/receipt/", {"receipt": "ABCDEFGHJKLM"}),
    ("voting codes", "post", "/c/riverside/pb/spring/vote/code/", {"code": "ABCD-EFGH"}),
    ("ideas", "post", "/c/riverside/pb/spring/ideas/new/", {"title": "A bench", "description": "By the stop"}),
    ("invitation links", "get", "/join/ABCDEFGHJKLMNP/", {}),
    ("password links", "get", "/accounts/reset/ABCDEFGHJKLMNP/", {}),
]


@override_settings(RATE_LIMITS=LIMITS)
class RateLimitTests(ProcessTestCase):
    def hit(self, method, path, data, *, client=None, address=ADDRESS, **extra):
        return getattr(client or self.client, method)(path, data, REMOTE_ADDR=address, **extra)

    @override_settings(RATE_LIMITS={**LIMITS, "requests-per-community": (10, 60)})
    def test_every_endpoint_answers_429_past_its_limit(self):
        self.process.public_ideas = True
        self.process.save()
        for what, method, path, data in ENDPOINTS:
            with self.subTest(what):
                ThrottleBucket.objects.all().delete()
                for _ in range(2):
                    self.assertNotEqual(self.hit(method, path, data).status_code, 429, what)
                r = self.hit(method, path, data)
                self.assertEqual(r.status_code, 429, what)
                self.assertGreater(int(r["Retry-After"]), 0)
                if path.startswith("/open311/"):
                    self.assertEqual(r.json()[0]["code"], 429)
                    self.assertIn("Too many tries", r.json()[0]["description"])
                else:
                    self.assertContains(r, "Too many tries from here", status_code=429)
                # Another address is not held back.
                self.assertNotEqual(self.hit(method, path, data, address="203.0.113.5").status_code, 429, what)

    def test_every_worker_sees_the_same_count(self):
        first, second = Client(), Client()
        self.hit("get", "/c/riverside/aid/status/ABCD-EFGH/", {}, client=first)
        self.hit("get", "/c/riverside/aid/status/ABCD-EFGH/", {}, client=second)
        self.assertEqual(self.hit("get", "/c/riverside/aid/status/ABCD-EFGH/", {}, client=first).status_code, 429)

    def test_a_community_has_a_limit_of_its_own_across_clients(self):
        # Three posts from three addresses fill the community's limit of 3; a fourth address is refused.
        for n in range(3):
            self.assertEqual(self.hit("post", "/open311/v2/requests.json", OPEN311, address=f"203.0.113.{n}")
                             .status_code, 201)
        r = self.hit("post", "/c/riverside/aid/ask/", REQUEST, address="203.0.113.9")
        self.assertEqual(r.status_code, 429)

    def test_the_page_is_in_spanish_for_a_spanish_reader(self):
        for _ in range(3):
            r = self.hit("get", "/c/riverside/aid/status/ABCD-EFGH/", {}, HTTP_ACCEPT_LANGUAGE="es")
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "Demasiados intentos", status_code=429)
        self.assertContains(r, 'lang="es"', status_code=429)

    def test_counters_name_no_address_and_no_community(self):
        self.hit("post", "/open311/v2/requests.json", OPEN311)
        keys = list(ThrottleBucket.objects.values_list("key", flat=True))
        self.assertEqual(len(keys), 2)  # this client, this community
        for key in keys:
            self.assertRegex(key, r"^rate:[0-9a-f]{64}$")
            self.assertNotIn(ADDRESS, key)
            self.assertNotIn("riverside", key)
