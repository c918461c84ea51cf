"""The secret-ballot kit and paper batches typed twice, on budgeting's models (the first app that uses them)."""

from django.db import OperationalError, connection, transaction
from django.test import TestCase, TransactionTestCase

from solidarity.budgeting.models import (Ballot, Budget, Choice, PaperBatch, Process, Project, RollEntry, Site,
                                         VotingCode)
from solidarity.core import ballots, paper
from solidarity.core.workflow import NotAllowed
from solidarity.privacy.models import AuditEntry
from solidarity.testing import CommunityTestCase


class Fixture(CommunityTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.process = Process.objects.create(community=cls.community, slug="p", title="P", phase="voting")
        cls.budget = Budget.objects.create(community=cls.community, process=cls.process, name="All",
                                           amount_cents=100)
        cls.project = Project.objects.create(community=cls.community, process=cls.process, budget=cls.budget,
                                             code="A", title="A", cost_cents=10)

    def cast(self, voter, *, still_open=lambda: True):
        def write_ballot(receipt_hash):
            ballot = Ballot.objects.create(community=self.community, process=self.process, budget=self.budget,
                                           receipt_hash=receipt_hash)
            Choice.objects.create(community=self.community, ballot=ballot, project=self.project, value=1)

        def write_roll():
            RollEntry.objects.create(community=self.community, process=self.process, voter=voter)

        return ballots.cast(still_open=still_open, write_roll=write_roll, write_ballot=write_ballot)


class SecretBallotTests(Fixture):
    def test_a_ballot_and_its_roll_entry_are_written_together_and_only_once(self):
        receipt = self.cast(self.member)
        self.assertEqual((Ballot.objects.count(), RollEntry.objects.count()), (1, 1))
        with self.assertRaises(ballots.AlreadyCast):
            self.cast(self.member)
        self.assertEqual((Ballot.objects.count(), RollEntry.objects.count()), (1, 1))
        found = ballots.find_by_receipt(Ballot.objects.all(), f" {receipt.lower()} ")
        self.assertEqual(found, Ballot.objects.get())
        self.assertIsNone(ballots.find_by_receipt(Ballot.objects.all(), "NOTARECEIPT"))

    def test_nothing_is_written_once_the_vote_is_closed(self):
        self.assertIsNone(self.cast(self.member, still_open=lambda: False))
        self.assertEqual((Ballot.objects.count(), RollEntry.objects.count()), (0, 0))

    def test_the_reshuffle_gives_new_ids_and_keeps_every_choice_and_receipt(self):
        self.cast(self.member)
        self.cast(self.organizer)
        def stored():
            return {b.id: (b.receipt_hash, list(b.choices.values_list("project_id", "value")))
                    for b in Ballot.objects.all()}

        before = stored()
        self.assertEqual(ballots.reshuffle(Ballot.objects.filter(process=self.process), [(Choice, "ballot")]), 2)
        after = stored()
        self.assertFalse(set(before) & set(after))
        self.assertEqual(sorted(before.values()), sorted(after.values()))

    def test_printed_codes_come_on_numbered_sheets_and_only_their_hashes_are_kept(self):
        first, sheet = ballots.issue_codes(VotingCode, 3, community=self.community, process=self.process)
        second, next_sheet = ballots.issue_codes(VotingCode, 2, community=self.community, process=self.process)
        self.assertEqual((sheet, next_sheet, len(set(first + second))), (1, 2, 5))
        self.assertFalse(VotingCode.objects.filter(code_hash__in=first).exists())
        code = ballots.find_code(VotingCode.objects.all(), "-".join([first[0][:5], first[0][5:]]).lower())
        self.assertEqual(code.sheet, 1)


class DoubleEntryTests(Fixture):
    def setUp(self):
        site = Site.objects.create(community=self.community, process=self.process, name="Library")
        self.batch = PaperBatch.objects.create(community=self.community, process=self.process, site=site,
                                               budget=self.budget, label="box")
        self.accepted = []
        self.second = self.outsider

    def enter(self, who, text):
        def parse(text, batch):
            if "?" in text:
                raise NotAllowed("Line 1: unreadable")
            return text.split()

        return paper.do_enter(who, self.batch, text, parse=parse,
                              accept=lambda batch, items: self.accepted.append(items))

    def test_it_counts_when_two_people_agree(self):
        self.assertEqual(self.enter(self.organizer, "A B"), paper.WAITING)
        self.assertEqual(self.enter(self.organizer, "A B"), paper.WAITING)  # the same person again is not a second
        self.assertEqual(self.enter(self.second, "B A"), paper.ACCEPTED)
        self.assertEqual(self.accepted, [["B", "A"]])
        self.batch.refresh_from_db()
        self.assertTrue(self.batch.accepted)
        with self.assertRaisesMessage(NotAllowed, "already counted"):
            self.enter(self.member, "A B")
        self.assertEqual(AuditEntry.objects.filter(action="paper.entry").count(), 3)

    def test_a_mismatch_waits_for_a_person_to_check_the_paper(self):
        self.enter(self.organizer, "A B")
        self.assertEqual(self.enter(self.second, "A C"), paper.MISMATCH)
        self.assertEqual(self.accepted, [])
        self.assertEqual(paper.differences(list(self.batch.entries.order_by("pk"))), [(1, "A B", "A C")])
        right = self.batch.entries.get(entered_by=self.organizer)
        paper.do_reconcile(self.member, self.batch, right, parse=lambda t, b: t.split(),
                           accept=lambda batch, items: self.accepted.append(items))
        self.assertEqual(self.accepted, [["A", "B"]])
        self.assertEqual(set(self.batch.entries.values_list("text", flat=True)), {"A B"})

    def test_one_typist_cannot_reconcile_alone_and_a_bad_line_is_refused(self):
        self.enter(self.organizer, "A B")
        with self.assertRaisesMessage(NotAllowed, "two organizers"):
            paper.do_reconcile(self.organizer, self.batch, self.batch.entries.get(), parse=lambda t, b: [],
                               accept=lambda batch, items: None)
        with self.assertRaisesMessage(NotAllowed, "unreadable"):
            self.enter(self.second, "A ?")


class DifferencesTests(TestCase):
    def test_it_lists_the_lines_that_differ(self):
        class Entry:
            def __init__(self, text):
                self.text = text

        self.assertEqual(paper.differences([Entry("A B\nC\n"), Entry("B A\nD\nE")]), [(2, "C", "D"), (3, "—", "E")])


class StillOpenTests(TransactionTestCase):
    """Ballots in flight share the lock on their process: they do not queue behind each other, and closing
    the vote waits for them (PostgreSQL; on SQLite the one write lock already orders everything)."""

    def setUp(self):
        from solidarity.communities.models import Community
        community = Community.objects.create(slug="c", name="C")
        self.process = Process.objects.create(community=community, slug="p", title="P", phase="voting")

    def open_process(self):
        return Process.objects.filter(pk=self.process.pk, phase="voting")

    def test_it_answers_whether_the_row_still_matches(self):
        with transaction.atomic():
            self.assertTrue(ballots.still_open(self.open_process()))
        Process.objects.filter(pk=self.process.pk).update(phase="results")
        with transaction.atomic():
            self.assertFalse(ballots.still_open(self.open_process()))

    def test_ballots_share_the_lock_and_closing_waits_for_them(self):
        if connection.vendor != "postgresql":
            self.skipTest("row locks are PostgreSQL's; SQLite's write lock serialises every transaction")
        other = connection.copy()
        try:
            with transaction.atomic():
                self.assertTrue(ballots.still_open(self.open_process()))  # a ballot in flight
                with other.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '300ms'")
                    cursor.execute("BEGIN")
                    # A second ballot takes the same shared lock at once: it does not wait for the first.
                    sql, params = self.open_process().values("pk").order_by().query.sql_with_params()
                    cursor.execute(sql + " FOR SHARE", params)
                    self.assertIsNotNone(cursor.fetchone())
                    cursor.execute("ROLLBACK")
                    # Closing the vote must wait until the ballot in flight has committed.
                    with self.assertRaises(OperationalError):
                        cursor.execute("UPDATE budgeting_process SET phase = 'results' WHERE id = %s",
                                       [self.process.pk])
                    cursor.execute("ROLLBACK")
        finally:
            other.close()
