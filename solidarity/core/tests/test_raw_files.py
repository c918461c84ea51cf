"""The attack on secret ballots, repeated: copy the database's raw files and try to line the ballots
up with the roll (who voted, in the order they voted).

The probe that found the hole joined the roll and the ballots by SQLite row number (both counted up
as people voted), and after the count read the main file's old pages, which still held the ballots
in voting order until the next checkpoint. Each join is tried here on a copy of main, -wal and -shm.
A join "links" when the ballots come out in the order people voted; a random order has about half
of its neighbours in voting order, a linked one all of them.

The kit is tested on budgeting's ballots (the first app that uses it); survey answers join here
when they exist.
"""

import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase

from solidarity.budgeting import actions
from solidarity.budgeting.models import Ballot, Budget, Choice, Phase, Process, Project, RollEntry
from solidarity.communities.models import Community, Membership, Role
from solidarity.core import ballots
from solidarity.testing import LONG_AGO, make_user

VOTERS = 40


def in_voting_order(stored: list[int]) -> float:
    """The share of neighbours in `stored` (voting positions, in storage order) that are in voting order."""
    pairs = list(zip(stored, stored[1:]))
    return sum(b > a for a, b in pairs) / len(pairs)


class RawFileProbe(TransactionTestCase):
    def setUp(self):
        self.community = Community.objects.create(slug="probe", name="Probe")
        organizer = make_user("probe-organizer")
        Membership.objects.create(community=self.community, user=organizer, role=Role.ORGANIZER,
                                  role_since=LONG_AGO)
        self.process = Process.objects.create(community=self.community, slug="p", title="P", max_choices=2)
        self.budget = Budget.objects.create(community=self.community, process=self.process, name="All",
                                            amount_cents=10000)
        self.projects = [Project.objects.create(community=self.community, process=self.process,
                                                budget=self.budget, code=c, title=c, cost_cents=3000)
                         for c in "ABC"]
        actions.do_set_phase(organizer, self.process, Phase.VOTING)
        self.organizer = organizer
        codes = actions.do_generate_codes(organizer, self.process, VOTERS)
        # Voting position of each ballot, known through its receipt: what an attacker wants to recover.
        self.position = {}
        for position, code in enumerate(codes):
            chosen = {self.projects[position % 3]: 1}
            receipt = actions.do_cast_ballot(self.process, self.budget, chosen=chosen,
                                             code=actions.find_code(self.process, code))
            self.position[ballots.receipt_hash(receipt)] = position

    def close(self):
        self.process.refresh_from_db()
        actions.do_close_and_count(self.organizer, self.process)

    def assert_unlinked(self, stored: list[int], join: str):
        self.assertEqual(sorted(stored), list(range(VOTERS)), f"{join}: the probe must see every ballot")
        self.assertLess(in_voting_order(stored), 0.75, f"{join} lines the ballots up with the roll")

    def ballot_positions(self, rows) -> list[int]:
        return [self.position[receipt] for (receipt,) in rows]

    def choice_positions(self, rows, receipt_of: dict) -> list[int]:
        return [self.position[receipt_of[ballot]] for (ballot,) in rows]

    def test_while_voting_neither_row_numbers_nor_keys_follow_the_roll(self):
        q = connection.ops.quote_name
        order = "rowid" if connection.vendor == "sqlite" else "id"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT receipt_hash FROM {q(Ballot._meta.db_table)} ORDER BY {order}")
            self.assert_unlinked(self.ballot_positions(cursor.fetchall()), f"ballots by {order}")
            cursor.execute(f"SELECT id, receipt_hash FROM {q(Ballot._meta.db_table)}")
            receipt_of = dict(cursor.fetchall())
            cursor.execute(f"SELECT ballot_id FROM {q(Choice._meta.db_table)} ORDER BY {order}")
            self.assert_unlinked(self.choice_positions(cursor.fetchall(), receipt_of), f"choices by {order}")
        # The roll itself is in voting order: that is what the joins above would need to match.
        roll = list(RollEntry.objects.filter(process=self.process).order_by("id").values_list("code__sheet",
                                                                                                 flat=True))
        self.assertEqual(len(roll), VOTERS)

    def test_after_the_count_a_copy_of_the_sqlite_files_links_no_ballot(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's files; PostgreSQL's tables are probed in the next test")
        self.close()
        with tempfile.TemporaryDirectory() as folder:
            source, copy = Path(connection.settings_dict["NAME"]), Path(folder) / "copy.sqlite3"
            raw = {}
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{source}{suffix}").exists():
                    shutil.copyfile(f"{source}{suffix}", f"{copy}{suffix}")
                    raw[suffix] = Path(f"{copy}{suffix}").read_bytes()
            # Physical order: where each receipt first appears in the main file, page by page.
            main = raw[""]
            found = sorted((main.find(receipt.encode()), receipt) for receipt in self.position)
            self.assertTrue(all(offset >= 0 for offset, _r in found), "every receipt is in the main file")
            self.assert_unlinked([self.position[r] for _o, r in found], "physical order in the main file")
            # Old pages, free pages and WAL frames: a receipt is stored twice (its row and the unique
            # index), and any further copy would be a stale page in voting order.
            for receipt in self.position:
                copies = sum(data.count(receipt.encode()) for data in raw.values())
                self.assertLessEqual(copies, 2, "a stale copy of a ballot is still in the database files")
            with sqlite3.connect(copy) as db:
                rows = db.execute("SELECT receipt_hash FROM budgeting_ballot ORDER BY rowid").fetchall()
                self.assert_unlinked(self.ballot_positions(rows), "ballots by rowid")
                receipt_of = dict(db.execute("SELECT id, receipt_hash FROM budgeting_ballot"))
                rows = db.execute("SELECT ballot_id FROM budgeting_choice ORDER BY rowid").fetchall()
                self.assert_unlinked(self.choice_positions(rows, receipt_of), "choices by rowid")
                self.assertEqual(db.execute("SELECT count(*) FROM budgeting_rollentry").fetchone()[0], VOTERS)

    def test_after_the_count_postgresql_rewrites_the_tables_in_shuffled_order(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's tables; SQLite's files are probed in the test before")
        table = Ballot._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_relation_filenode(%s)", [table])
            before = cursor.fetchone()[0]
            self.close()
            cursor.execute("SELECT pg_relation_filenode(%s)", [table])
            self.assertNotEqual(cursor.fetchone()[0], before, "VACUUM FULL gives the table new files")
            # Physical order of the live rows (ctid), as a copy of the table's files would show them.
            cursor.execute(f"SELECT receipt_hash FROM {connection.ops.quote_name(table)} ORDER BY ctid")
            self.assert_unlinked(self.ballot_positions(cursor.fetchall()), "ballots by ctid")
            # The new files hold the live rows only: no dead rows in voting order.
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
            cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
            pages = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM generate_series(0, %s - 1) AS page, "
                           "heap_page_items(get_raw_page(%s, page::int)) WHERE lp_len > 0", [pages, table])
            self.assertEqual(cursor.fetchone()[0], VOTERS)
