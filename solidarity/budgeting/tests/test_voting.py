import re
from concurrent.futures import ThreadPoolExecutor

from django.db import IntegrityError, connection
from django.test import TransactionTestCase

from solidarity.budgeting import actions
from solidarity.budgeting.models import Ballot, Choice, Process, RollEntry
from solidarity.budgeting.forms import ProcessForm

from .base import ProcessTestCase


class MemberVotingTests(ProcessTestCase):
    def test_a_member_casts_one_secret_ballot_and_gets_a_receipt(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url("vote/"), self.ballot("A", "C"))
        receipt = re.search(r'id="receipt-code">([A-Z0-9]+)<', r.content.decode()).group(1)
        ballot = Ballot.objects.get()
        self.assertEqual(sorted(c.project.code for c in ballot.choices.all()), ["A", "C"])
        self.assertEqual(RollEntry.objects.get().voter, self.member)
        ballot_fields = {f.name for f in Ballot._meta.get_fields()}
        self.assertFalse(ballot_fields & {"voter", "roll", "created", "created_at", "time", "day"})
        self.assertFalse(any(f.get_internal_type() in ("DateTimeField", "DateField") for f in Ballot._meta.fields))
        r = self.client.get(self.url("receipt/"), {"receipt": receipt.lower()})
        self.assertContains(r, "a ballot with this receipt is in the count")

    def test_a_second_ballot_is_refused(self):
        self.client.force_login(self.member)
        self.client.post(self.url("vote/"), self.ballot("A"))
        r = self.client.post(self.url("vote/"), self.ballot("B"))
        self.assertContains(r, "You have voted already")
        self.assertEqual(Ballot.objects.count(), 1)

    def test_the_database_refuses_a_second_roll_entry(self):
        RollEntry.objects.create(community=self.community, process=self.process, voter=self.member)
        with self.assertRaises(IntegrityError):
            RollEntry.objects.create(community=self.community, process=self.process, voter=self.member)

    def test_too_many_choices_are_explained_and_nothing_is_stored(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url("vote/"), self.ballot("A", "B", "C"))
        self.assertContains(r, "Choose at most 2 projects.", status_code=400)
        r = self.client.post(self.url("vote/"), self.ballot())
        self.assertContains(r, "Choose at least one project.", status_code=400)
        r = self.client.post(self.url("vote/"), self.ballot("A", "B", "C"), HTTP_ACCEPT_LANGUAGE="es")
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Ballot.objects.exists())

    def test_outsiders_without_a_code_are_sent_to_the_code_page(self):
        self.login(self.outsider)
        self.assertRedirects(self.client.get(self.url("vote/")), self.url("vote/code/"))


class CodeVotingTests(ProcessTestCase):
    def test_a_resident_votes_once_with_a_printed_code(self):
        code = actions.do_generate_codes(self.organizer, self.process, 3)[0]
        r = self.client.post(self.url("vote/code/"), {"code": code.lower()})
        self.assertRedirects(r, self.url("vote/"))
        self.client.post(self.url("vote/"), self.ballot("D"))
        self.assertEqual(Ballot.objects.count(), 1)
        other = self.client_class()
        r = other.post(self.url("vote/code/"), {"code": code})
        self.assertContains(r, "This code has been used already.", status_code=400)

    def test_an_unknown_code_is_explained(self):
        r = self.client.post(self.url("vote/code/"), {"code": "NOTACODE"})
        self.assertContains(r, "That code is not valid", status_code=400)

    def test_codes_are_stored_hashed(self):
        codes = actions.do_generate_codes(self.organizer, self.process, 2)
        stored = list(self.process.codes.values_list("code_hash", flat=True))
        self.assertFalse(set(codes) & set(stored))


class FreezeTests(ProcessTestCase):
    def test_the_ballot_type_and_rule_cannot_change_once_voting_opens(self):
        self.login(self.organizer)
        self.client.post(self.url("manage/"), {
            "form": "process", "process-title": "Spring vote", "process-slug": "spring",
            "process-eligibility": "members", "process-ballot_type": "cumulative", "process-rule": "greedy",
            "process-max_choices": 9, "process-min_spend_percent": 0, "process-points": 10,
        })
        self.process.refresh_from_db()
        self.assertEqual((self.process.ballot_type, self.process.rule, self.process.max_choices,
                          self.process.eligibility), ("approval", "equal-shares", 2, "both"))
        form = ProcessForm(instance=self.process)
        self.assertTrue(form.fields["rule"].disabled)


class KnapsackTests(ProcessTestCase):
    ballot_type = "knapsack"

    def test_a_knapsack_ballot_must_fit_the_budget(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url("vote/"), self.ballot("A", "B", "C"))
        self.assertContains(r, "cost more than the budget", status_code=400)
        self.client.post(self.url("vote/"), self.ballot("A", "B"))
        self.assertEqual(Ballot.objects.count(), 1)


class CumulativeTests(ProcessTestCase):
    ballot_type = "cumulative"

    def test_points_must_not_exceed_the_allowance(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url("vote/"), self.ballot(A=8, B=5))
        self.assertContains(r, "more than 10 points", status_code=400)
        self.client.post(self.url("vote/"), self.ballot(A=7, B=3))
        self.assertEqual(sorted(Choice.objects.values_list("project__code", "value")), [("A", 7), ("B", 3)])


class RankedTests(ProcessTestCase):
    ballot_type = "ranked"

    def test_ranks_must_be_distinct_and_without_gaps(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url("vote/"), self.ballot(A=1, B=1))
        self.assertContains(r, "Give each rank to one project only.", status_code=400)
        r = self.client.post(self.url("vote/"), self.ballot(A=2))
        self.assertContains(r, "without gaps", status_code=400)
        self.client.post(self.url("vote/"), self.ballot(C=1, A=2))
        self.assertEqual(sorted(Choice.objects.values_list("project__code", "value")), [("A", 2), ("C", 1)])


class ConcurrentBallotTests(TransactionTestCase):
    """200 voters at once: every ballot is recorded, and a repeated voter is refused."""

    def test_concurrent_ballots_from_distinct_voters_are_all_recorded(self):
        from solidarity.communities.models import Community
        from solidarity.budgeting.models import Budget, Project, Phase
        from solidarity.testing import make_user

        community = Community.objects.create(slug="c", name="C")
        process = Process.objects.create(community=community, slug="p", title="P", phase=Phase.VOTING)
        budget = Budget.objects.create(community=community, process=process, name="B", amount_cents=100)
        project = Project.objects.create(community=community, process=process, budget=budget, code="X",
                                         title="X", cost_cents=50)
        voters = [make_user(f"v{i}") for i in range(200)]
        errors = []

        def cast(voter):
            try:
                actions.do_cast_ballot(process, budget, chosen={project: 1}, voter=voter)
            except actions.NotAllowed:
                errors.append(voter.handle)
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=50) as pool:  # PostgreSQL allows 100 connections by default
            list(pool.map(cast, voters + voters[:20]))
        self.assertEqual(Ballot.objects.filter(process=process).count(), 200)
        self.assertEqual(RollEntry.objects.filter(process=process).count(), 200)
        self.assertEqual(len(errors), 20)


class OneCodeManyHandsTests(TransactionTestCase):
    """SR-35 and SR-38: fifty posts at once with one voting code, for twenty rounds: each round stores
    exactly one ballot and one roll entry, and refuses the other forty-nine."""

    def test_fifty_concurrent_uses_of_one_code_give_one_ballot(self):
        from solidarity.communities.models import Community
        from solidarity.budgeting.models import Budget, Project, Phase

        community = Community.objects.create(slug="c", name="C")
        process = Process.objects.create(community=community, slug="p", title="P", phase=Phase.VOTING,
                                         eligibility="codes")
        budget = Budget.objects.create(community=community, process=process, name="B", amount_cents=100)
        project = Project.objects.create(community=community, process=process, budget=budget, code="X",
                                         title="X", cost_cents=50)
        codes = [actions.find_code(process, code) for code in actions.do_generate_codes(None, process, 20)]
        for round_number, code in enumerate(codes):
            outcomes = []

            def cast(_hand):
                try:
                    actions.do_cast_ballot(process, budget, chosen={project: 1}, code=code)
                    outcomes.append("stored")
                except actions.AlreadyVoted:
                    outcomes.append("refused")
                finally:
                    connection.close()

            with ThreadPoolExecutor(max_workers=50) as pool:
                list(pool.map(cast, range(50)))
            with self.subTest(round=round_number):
                self.assertEqual(sorted(outcomes).count("stored"), 1)
                self.assertEqual(outcomes.count("refused"), 49)
                self.assertEqual(RollEntry.objects.filter(code=code).count(), 1)
        self.assertEqual(Ballot.objects.filter(process=process).count(), 20)


class PhaseTests(ProcessTestCase):
    def test_a_process_only_moves_forward_and_leaves_voting_only_by_counting(self):
        for phase in ("ideas", "results", "implementation"):
            with self.subTest(phase=phase), self.assertRaises(actions.NotAllowed):
                actions.do_set_phase(self.organizer, self.process, phase)
        actions.do_close_and_count(self.organizer, self.process)
        with self.assertRaises(actions.NotAllowed):
            actions.do_set_phase(self.organizer, self.process, "voting")
        actions.do_set_phase(self.organizer, self.process, "implementation")

    def test_no_ballot_lands_once_counting_has_closed_the_vote(self):
        stale = Process.objects.get(pk=self.process.pk)  # a view that loaded the process earlier
        actions.do_close_and_count(self.organizer, self.process)
        with self.assertRaisesMessage(actions.NotAllowed, "Voting is not open."):
            actions.do_cast_ballot(stale, self.budget, chosen={self.projects["A"]: 1}, voter=self.member)
        self.assertFalse(Ballot.objects.exists())

    def test_a_rewrite_that_cannot_finish_is_tried_again_then_audited_and_the_count_goes_on(self):
        from unittest import mock

        from solidarity.privacy.models import AuditEntry

        with mock.patch("solidarity.privacy.storage.rewrite", side_effect=[False, False, False]) as rewrite, \
                mock.patch("solidarity.budgeting.actions.time.sleep") as sleep:
            results = actions.do_close_and_count(self.organizer, self.process)
        self.assertEqual((rewrite.call_count, sleep.call_count), (3, 3))
        self.assertTrue(results)
        self.assertTrue(AuditEntry.objects.filter(action="ballots.rewrite_deferred").exists())
        with mock.patch("solidarity.privacy.storage.rewrite", side_effect=[False, True]) as rewrite, \
                mock.patch("solidarity.budgeting.actions.time.sleep"):
            actions.do_close_and_count(self.organizer, self.process)
        self.assertEqual(rewrite.call_count, 2)
        self.assertEqual(AuditEntry.objects.filter(action="ballots.rewrite_deferred").count(), 1)

    def test_phragmen_is_refused_for_ranked_ballots(self):
        form = ProcessForm({"title": "T", "slug": "t2", "eligibility": "both", "ballot_type": "ranked",
                            "rule": "phragmen", "max_choices": 3, "min_spend_percent": 0, "points": 10},
                           instance=Process(community=self.community))
        self.assertIn("rule", form.errors)
        form = ProcessForm({"title": "T", "slug": "spring", "eligibility": "both", "ballot_type": "approval",
                            "rule": "greedy", "max_choices": 1000, "min_spend_percent": 0, "points": 10},
                           instance=Process(community=self.community))
        self.assertIn("slug", form.errors)
        self.assertIn("max_choices", form.errors)
