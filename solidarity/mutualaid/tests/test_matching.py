from solidarity.mutualaid.models import AidSettings, Match, Offer, Status
from solidarity.communities.models import Membership
from solidarity.privacy.models import AuditEntry
from solidarity.testing import make_user

from .base import BASE, AidTestCase


class SuggestAndMatchTests(AidTestCase):
    def setUp(self):
        self.request, _ = self.make_request(languages="es", contact="555-0142")
        self.request.status = Status.TRIAGED
        self.request.save()
        Offer.objects.create(community=self.community, title="Far away pantry", categories="food",
                             zone=None, capacity=1)
        Offer.objects.create(community=self.community, title="Only childcare", categories="childcare",
                             zone=self.north, capacity=1)

    def test_suggestions_rank_fitting_offers_and_skip_wrong_categories(self):
        self.login(self.organizer)
        body = self.client.get(BASE + f"requests/{self.request.public_id}/").content.decode()
        self.assertIn("Grocery runs", body)
        self.assertNotIn("Only childcare", body)
        self.assertLess(body.index("Grocery runs"), body.index("Far away pantry"))

    def test_the_reasons_read_in_the_coordinators_language(self):
        self.login(self.organizer)
        url = BASE + f"requests/{self.request.public_id}/"
        self.assertContains(self.client.get(url), "distance unknown")
        spanish = self.client.get(url, HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(spanish, "distancia desconocida")
        self.assertNotContains(spanish, "distance unknown")

    def test_the_helper_sees_contact_details_only_after_the_match(self):
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get(BASE + "mine/"), "555-0142")
        self.login(self.organizer)
        self.client.post(BASE + f"requests/{self.request.public_id}/action/", {"action": "match",
                                                                               "offer": self.offer.pk})
        match = Match.objects.get()
        self.client.force_login(self.member)
        page = self.client.get(BASE + f"matches/{match.public_id}/")
        self.assertContains(page, "555-0142")
        self.assertTrue(AuditEntry.objects.filter(action="contact.reveal", actor=self.member).exists())
        # Another member, who is not the helper, cannot open the match.
        other = self.client_class()
        stranger = make_user("stranger")
        Membership.objects.create(community=self.community, user=stranger)
        other.force_login(stranger)
        self.assertEqual(other.get(BASE + f"matches/{match.public_id}/").status_code, 404)

    def test_a_request_gets_only_one_live_match(self):
        self.login(self.organizer)
        url = BASE + f"requests/{self.request.public_id}/action/"
        self.client.post(url, {"action": "match", "offer": self.offer.pk})
        self.client.post(url, {"action": "match", "offer": self.offer.pk})
        self.assertEqual(Match.objects.count(), 1)

    def test_in_assisted_mode_the_helper_accepts_before_seeing_contact(self):
        AidSettings.objects.filter(community=self.community).update(exchange_mode="assisted")
        self.login(self.organizer)
        self.client.post(BASE + f"requests/{self.request.public_id}/action/", {"action": "match",
                                                                               "offer": self.offer.pk})
        match = Match.objects.get()
        self.assertEqual(match.status, "proposed")
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get(BASE + f"matches/{match.public_id}/"), "555-0142")
        self.client.post(BASE + f"matches/{match.public_id}/action/", {"action": "accept"})
        self.assertContains(self.client.get(BASE + f"matches/{match.public_id}/"), "555-0142")

    def test_a_declined_proposal_returns_the_request_to_the_queue(self):
        AidSettings.objects.filter(community=self.community).update(exchange_mode="assisted")
        self.login(self.organizer)
        self.client.post(BASE + f"requests/{self.request.public_id}/action/", {"action": "match",
                                                                               "offer": self.offer.pk})
        match = Match.objects.get()
        self.client.force_login(self.member)
        self.client.post(BASE + f"matches/{match.public_id}/action/", {"action": "decline"})
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, "triaged")

    def test_the_helper_reports_progress_to_fulfilled(self):
        self.login(self.organizer)
        self.client.post(BASE + f"requests/{self.request.public_id}/action/", {"action": "match",
                                                                               "offer": self.offer.pk})
        match = Match.objects.get()
        self.client.force_login(self.member)
        self.client.post(BASE + f"matches/{match.public_id}/action/", {"action": "in_progress"})
        self.client.post(BASE + f"matches/{match.public_id}/action/", {"action": "fulfilled"})
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, "fulfilled")
        self.assertNotContains(self.client.get(BASE + f"matches/{match.public_id}/"), "555-0142")


class MatchAllTests(AidTestCase):
    def test_match_all_respects_each_offers_capacity(self):
        for _ in range(4):
            request, _ = self.make_request()
            request.status = Status.TRIAGED
            request.save()
        self.login(self.organizer)
        preview = self.client.get(BASE + "queue/match-all/")
        self.assertContains(preview, "Make these matches")
        self.client.post(BASE + "queue/match-all/")
        self.assertEqual(Match.objects.filter(offer=self.offer).count(), 2)  # its capacity
        self.assertEqual(Match.objects.count(), 2)


class PeerToPeerTests(AidTestCase):
    def test_members_claim_requests_and_then_see_contact(self):
        AidSettings.objects.filter(community=self.community).update(exchange_mode="peer")
        request, _ = self.make_request(contact="555-0177")
        request.status = Status.TRIAGED
        request.save()
        self.client.force_login(self.member)
        listing = self.client.get(BASE + "open/")
        self.assertContains(listing, request.public_id)
        self.assertNotContains(listing, "555-0177")
        r = self.client.post(BASE + "open/", {"request": request.public_id})
        match = Match.objects.get()
        self.assertRedirects(r, BASE + f"matches/{match.public_id}/")
        self.assertContains(self.client.get(BASE + f"matches/{match.public_id}/"), "555-0177")

    def test_the_open_list_exists_only_in_peer_mode(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(BASE + "open/").status_code, 404)


def test_every_kind_of_help_the_app_offers_is_one_the_engine_knows():
    from solidarity.core.categories import Category
    from solidarity.engines import matching
    from solidarity.mutualaid.models import CATEGORY_VALUES

    assert set(CATEGORY_VALUES) <= set(matching.CATEGORIES)
    assert set(Category.values) == set(matching.CATEGORIES)
