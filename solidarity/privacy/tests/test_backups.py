"""Backups, encrypted to a public key the server holds without its private half: taken during a burst of ballots, restored, every acknowledged ballot is there and no roll
entry lines up with a ballot; a wrong key, a cut or changed file and a non-empty instance are refused
with exit status 2."""

import base64
import io
import sqlite3
import tempfile
import threading
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TransactionTestCase, override_settings

from solidarity.budgeting import actions
from solidarity.budgeting.models import Ballot, Budget, Phase, Process, Project
from solidarity.communities.models import Community, Membership, Role
from solidarity.core import ballots
from solidarity.core.tests.test_raw_files import in_voting_order
from solidarity.privacy import backups
from solidarity.testing import LONG_AGO, make_user

PUBLIC, PRIVATE = (base64.urlsafe_b64decode(k) for k in backups.new_key_pair())  # a test-only identity
VOTERS = 60


@override_settings(BACKUP_KEY=PUBLIC, BACKUP_PRIVATE_KEY=PRIVATE)
class BackupTests(TransactionTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.community = Community.objects.create(slug="b", name="B")
        self.organizer = make_user("backup-organizer")
        Membership.objects.create(community=self.community, user=self.organizer, role=Role.ORGANIZER,
                                  role_since=LONG_AGO)
        self.process = Process.objects.create(community=self.community, slug="p", title="P", max_choices=1)
        self.budget = Budget.objects.create(community=self.community, process=self.process, name="All",
                                            amount_cents=100)
        self.project = Project.objects.create(community=self.community, process=self.process, budget=self.budget,
                                              code="A", title="A", cost_cents=10)
        actions.do_set_phase(self.organizer, self.process, Phase.VOTING)
        self.process.refresh_from_db()
        self.codes = actions.do_generate_codes(self.organizer, self.process, VOTERS)

    def command(self, *args):
        out = io.StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    def cast_in_threads(self, codes, acknowledged):
        def voter(chunk):
            for code in chunk:
                receipt = actions.do_cast_ballot(self.process, self.budget, chosen={self.project: 1},
                                                 code=actions.find_code(self.process, code))
                acknowledged.append(ballots.receipt_hash(receipt))
            connection.close()

        threads = [threading.Thread(target=voter, args=(codes[n::4],)) for n in range(4)]
        for thread in threads:
            thread.start()
        return threads

    def test_a_backup_during_a_burst_of_ballots_restores_every_acknowledged_one(self):
        if connection.vendor != "sqlite":
            self.skipTest("the burst is SQLite's; PostgreSQL's backup is pg_dump, tested below")
        acknowledged = []
        for code in self.codes[:20]:  # before the burst
            receipt = actions.do_cast_ballot(self.process, self.budget, chosen={self.project: 1},
                                             code=actions.find_code(self.process, code))
            acknowledged.append(ballots.receipt_hash(receipt))
        before = set(acknowledged)
        threads = self.cast_in_threads(self.codes[20:], acknowledged)
        target = self.folder / "during.backup"
        self.assertIn("written", self.command("backup", str(target)))
        for thread in threads:
            thread.join()
        self.assertIn("is sound", self.command("backup", "--verify", str(target)))
        raw = target.read_bytes()
        self.assertNotIn(b"SQLite format 3", raw)  # encrypted
        self.assertNotIn(next(iter(before)).encode(), raw)

        with tempfile.TemporaryDirectory() as work:
            snapshot = Path(work) / "snapshot"
            backups._decrypt(target, snapshot)
            with sqlite3.connect(snapshot) as db:
                stored = [r for (r,) in db.execute("SELECT receipt_hash FROM budgeting_ballot ORDER BY rowid")]
                roll = db.execute("SELECT count(*) FROM budgeting_rollentry").fetchone()[0]
        self.assertTrue(before <= set(stored), "a ballot acknowledged before the backup is missing")
        self.assertTrue(set(stored) <= set(acknowledged))
        self.assertEqual(roll, len(stored), "the roll and the ballots are from one moment")
        position = {receipt: n for n, receipt in enumerate(acknowledged)}
        self.assertLess(in_voting_order([position[r] for r in stored]), 0.75, "ballots line up with the roll")

        # Restore: refused into a non-empty instance; with --force, the instance is as it was.
        Community.objects.create(slug="after", name="Made after the backup")
        with self.assertRaises(CommandError) as refused:
            call_command("restore", str(target), stdout=io.StringIO())
        self.assertEqual(refused.exception.returncode, 2)
        self.assertIn("already holds communities", str(refused.exception))
        self.assertIn("restored", self.command("restore", str(target), "--force"))
        self.assertFalse(Community.objects.filter(slug="after").exists())
        self.assertEqual(set(Ballot.objects.values_list("receipt_hash", flat=True)), set(stored))

    def test_postgresql_backups_round_trip_through_pg_dump(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        actions.do_cast_ballot(self.process, self.budget, chosen={self.project: 1},
                               code=actions.find_code(self.process, self.codes[0]))
        target = self.folder / "pg.backup"
        self.command("backup", str(target))
        self.command("backup", "--verify", str(target))
        Community.objects.create(slug="after", name="Made after the backup")
        self.command("restore", str(target), "--force")
        self.assertFalse(Community.objects.filter(slug="after").exists())
        self.assertEqual(Ballot.objects.count(), 1)

    def test_a_wrong_key_a_cut_file_and_a_changed_byte_are_refused(self):
        target = self.folder / "good.backup"
        backups.write_backup(target)
        data = target.read_bytes()
        cut, changed = self.folder / "cut.backup", self.folder / "changed.backup"
        cut.write_bytes(data[: len(data) // 2])
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 1
        changed.write_bytes(bytes(flipped))
        for path, message in ((cut, "cut short"), (changed, "was changed"), (self.folder / "none", "No such")):
            with self.subTest(path.name), self.assertRaises(CommandError) as refused:
                call_command("backup", "--verify", str(path), stdout=io.StringIO())
            self.assertEqual(refused.exception.returncode, 2)
            self.assertIn(message, str(refused.exception))
        other_private = base64.urlsafe_b64decode(backups.new_key_pair()[1])
        with override_settings(BACKUP_PRIVATE_KEY=other_private), self.assertRaises(CommandError) as refused:
            call_command("backup", "--verify", str(target), stdout=io.StringIO())
        self.assertIn("does not open with this BACKUP_PRIVATE_KEY", str(refused.exception))
        # The server, which holds only the public key, cannot open its own backups.
        with override_settings(BACKUP_PRIVATE_KEY=None), self.assertRaises(CommandError) as refused:
            call_command("restore", str(target), "--force", stdout=io.StringIO())
        self.assertIn("BACKUP_PRIVATE_KEY is not set", str(refused.exception))
        with override_settings(BACKUP_KEY=None), self.assertRaises(CommandError) as refused:
            call_command("backup", str(target), stdout=io.StringIO())
        self.assertIn("BACKUP_KEY is not set", str(refused.exception))

    def test_the_nightly_backup_keeps_the_last_seven(self):
        import datetime

        import time_machine

        for day in range(10):
            with time_machine.travel(datetime.datetime(2026, 1, 1 + day, 3, tzinfo=datetime.timezone.utc)):
                backups.nightly(self.folder / "nightly")
        kept = sorted(p.name for p in (self.folder / "nightly").iterdir())
        self.assertEqual(kept, [f"solidarity-2026-01-{d:02d}.backup" for d in range(4, 11)])
