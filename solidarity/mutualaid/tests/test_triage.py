from solidarity.mutualaid.models import HelpRequest, Responder, Status
from solidarity.privacy.models import AuditEntry

from .base import BASE, AidTestCase


class TriageTests(AidTestCase):
    def setUp(self):
        self.request, _ = self.make_request()
        self.url = BASE + f"requests/{self.request.public_id}/"
        self.login(self.organizer)

    def act(self, action, **data):
        r = self.client.post(self.url + "action/", {"action": action, **data})
        self.request.refresh_from_db()
        return r

    def test_the_queue_puts_urgent_requests_first(self):
        later, _ = self.make_request(urgency="week")
        urgent, _ = self.make_request(urgency="today")
        r = self.client.get(BASE + "queue/")
        body = r.content.decode()
        self.assertLess(body.index(urgent.public_id), body.index(later.public_id))

    def test_a_coordinator_sets_urgency_and_triages(self):
        self.act("triage", urgency="today", category="transport", zone=self.south.pk)
        self.assertEqual((self.request.status, self.request.urgency, self.request.category, self.request.zone),
                         ("triaged", "today", "transport", self.south))
        self.assertTrue(AuditEntry.objects.filter(action="request.triage").exists())

    def test_merging_a_duplicate(self):
        other, _ = self.make_request()
        self.act("merge", into=other.public_id.lower())
        self.assertEqual((self.request.status, self.request.merged_into), ("duplicate", other))

    def test_merging_into_an_unknown_request_is_explained(self):
        r = self.act("merge", into="NOPE")
        self.assertEqual(self.request.status, "new")
        self.assertContains(self.client.get(self.url), "No request has that number.")

    def test_referring_to_another_group(self):
        self.act("refer", referred_to="Tenants Union")
        self.assertEqual((self.request.status, self.request.referred_to), ("referred", "Tenants Union"))

    def test_no_answer_call_back(self):
        self.act("call_back", note="tried twice")
        self.assertTrue(self.request.call_back)
        self.assertEqual(self.request.coordinator_note, "tried twice")

    def test_a_crisis_goes_to_non_police_responders(self):
        Responder.objects.create(community=self.community, name="Crisis Care Team", phone="555-0911")
        r = self.act("screen", danger_now="on")
        self.assertContains(r, "Crisis Care Team")
        self.assertContains(r, 'href="tel:555-0911"')
        self.assertNotContains(r, "tel:911")
        self.assertTrue(self.request.crisis)
        self.assertEqual(self.request.urgency, "today")

    def test_a_screen_with_no_crisis_is_recorded(self):
        self.act("screen")
        self.assertFalse(self.request.crisis)
        self.assertTrue(AuditEntry.objects.filter(action="request.safety_screen", detail="no crisis").exists())

    def test_closing_schedules_the_purge(self):
        self.act("close", status="unreachable")
        self.assertEqual(self.request.status, "unreachable")
        self.assertEqual((self.request.purge_on - self.request.closed_on).days, 30)

    def test_a_closed_request_cannot_be_triaged_again(self):
        self.act("close", status="withdrawn")
        self.act("triage", urgency="today", category="food")
        self.assertEqual(self.request.status, "withdrawn")
        self.assertContains(self.client.get(self.url), "cannot become")

    def test_members_cannot_triage_and_outsiders_learn_nothing(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url + "action/", {"action": "close", "status": "withdrawn"}).status_code, 404)
