from solidarity.budgeting import actions
from solidarity.budgeting.models import Ballot, PaperBatch, RollEntry, Site
from solidarity.communities.models import Membership, Role
from solidarity.testing import LONG_AGO, make_user

from .base import ProcessTestCase


class PaperTests(ProcessTestCase):
    def setUp(self):
        self.site = Site.objects.create(community=self.community, process=self.process, name="Library")
        self.batch = PaperBatch.objects.create(community=self.community, process=self.process, site=self.site,
                                               budget=self.budget, label="box 1")
        self.second = make_user("sam")
        Membership.objects.create(community=self.community, user=self.second, role=Role.ORGANIZER,
                                  role_since=LONG_AGO)
        self.url_batch = self.url(f"paper/batches/{self.batch.pk}/")
        self.check_in(3)

    def check_in(self, count):
        RollEntry.objects.bulk_create([RollEntry(community=self.community, process=self.process, site=self.site,
                                                 channel=RollEntry.Channel.PAPER) for _ in range(count)])

    def type_batch(self, user, text):
        self.login(user)
        return self.client.post(self.url_batch, {"text": text})

    def test_two_matching_typings_count_the_batch(self):
        self.type_batch(self.organizer, "A C\nB\n\nd")
        self.assertFalse(Ballot.objects.exists())
        self.type_batch(self.second, "b\nC A\nD")  # same ballots, another order
        self.batch.refresh_from_db()
        self.assertTrue(self.batch.accepted)
        self.assertEqual(Ballot.objects.filter(site=self.site).count(), 3)

    def test_a_mismatch_is_shown_until_reconciled(self):
        self.type_batch(self.organizer, "A C\nB")
        self.type_batch(self.second, "A\nB")
        page = self.client.get(self.url_batch)
        self.assertContains(page, "The two typings do not match")
        self.assertFalse(Ballot.objects.exists())
        right = self.batch.entries.get(entered_by=self.organizer)
        self.client.post(self.url_batch, {"reconcile": right.pk})
        self.batch.refresh_from_db()
        self.assertTrue(self.batch.accepted)
        self.assertEqual(Ballot.objects.count(), 2)

    def test_one_organizer_typing_twice_does_not_count(self):
        self.type_batch(self.organizer, "A")
        self.type_batch(self.organizer, "A")
        self.assertFalse(Ballot.objects.exists())

    def test_an_unknown_code_is_reported_with_its_line(self):
        r = self.type_batch(self.organizer, "A\nZ9")
        self.assertContains(r, "Line 2: no project has the code Z9.", status_code=400)

    def test_paper_voters_are_checked_against_the_online_roll(self):
        actions.do_cast_ballot(self.process, self.budget, chosen={self.projects["A"]: 1}, voter=self.member)
        self.login(self.organizer)
        r = self.client.post(self.url("paper/"), {"form": "checkin", "checkin-who": "MATEO",
                                                  "checkin-site": self.site.pk}, follow=True)
        self.assertContains(r, "has already voted")
        r = self.client.post(self.url("paper/"), {"form": "checkin", "checkin-who": "olga",
                                                  "checkin-site": self.site.pk}, follow=True)
        self.assertContains(r, "Checked in")
        self.assertEqual(RollEntry.objects.filter(site=self.site).count(), 4)  # 3 from setUp
        self.client.force_login(self.organizer)
        with self.assertRaises(actions.NotAllowed):
            actions.do_cast_ballot(self.process, self.budget, chosen={self.projects["B"]: 1}, voter=self.organizer)

    def test_a_batch_never_counts_more_ballots_than_people_checked_in(self):
        """Before, two organizers typed 20 ballots for a site where 2 people had checked in, and all counted."""
        r = self.type_batch(self.organizer, "A\n" * 20)
        self.assertContains(r, "This batch has 20 ballots, but only 3 people checked in", status_code=400)
        self.type_batch(self.organizer, "A\nB\nC")
        self.type_batch(self.second, "A\nB\nC")
        self.assertEqual(Ballot.objects.filter(site=self.site).count(), 3)
        another = PaperBatch.objects.create(community=self.community, process=self.process, site=self.site,
                                            budget=self.budget, label="box 2")
        self.login(self.organizer)
        r = self.client.post(self.url(f"paper/batches/{another.pk}/"), {"text": "D"})
        self.assertContains(r, "only 0 people checked in", status_code=400)
        self.assertEqual(Ballot.objects.filter(site=self.site).count(), 3)

    def test_each_site_shows_its_counts(self):
        self.type_batch(self.organizer, "A")
        self.type_batch(self.second, "A")
        page = self.client.get(self.url("paper/"))
        self.assertContains(page, "<th scope=\"row\">Library</th><td>3</td><td>1</td>", html=False)

    def test_one_organizer_cannot_reconcile_alone(self):
        self.type_batch(self.organizer, "A")
        entry = self.batch.entries.get()
        r = self.client.post(self.url_batch, {"reconcile": entry.pk}, follow=True)
        self.assertContains(r, "only after two organizers have typed it")
        self.batch.refresh_from_db()
        self.assertFalse(self.batch.accepted)

    def test_paper_ballots_follow_the_online_rules(self):
        r = self.type_batch(self.organizer, "A B C")  # at most 2 projects in this process
        self.assertContains(r, "Line 1: Choose at most 2 projects.", status_code=400)

    def test_a_new_organizer_cannot_be_either_typist(self):
        fresh = make_user("fresh")
        Membership.objects.create(community=self.community, user=fresh, role=Role.ORGANIZER)
        self.type_batch(self.organizer, "A")
        r = self.type_batch(fresh, "A")
        self.assertContains(r, "at least 7 days", status_code=400)
        # Nor first: otherwise an established organizer's second typing would pass the pair.
        other = PaperBatch.objects.create(community=self.community, process=self.process, site=self.site,
                                          budget=self.budget, label="box 2")
        self.login(fresh)
        r = self.client.post(self.url(f"paper/batches/{other.pk}/"), {"text": "A"})
        self.assertContains(r, "at least 7 days", status_code=400)
        self.assertFalse(other.entries.exists())
        self.batch.refresh_from_db()
        self.assertFalse(self.batch.accepted)
