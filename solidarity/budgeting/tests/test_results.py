import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management import call_command

from solidarity.budgeting import actions
from solidarity.budgeting.models import Ballot, Process, Project, RollEntry
from solidarity.budgeting.tally import export_text
from solidarity.engines import pb
from solidarity.engines.reasons import Reason
from solidarity.testing import shared_data

from .base import ProcessTestCase



class CountTests(ProcessTestCase):
    def cast(self, *ballots):
        for codes in ballots:
            actions.do_cast_ballot(self.process, self.budget, chosen={self.projects[c]: 1 for c in codes})

    def test_counting_uses_equal_shares_with_add1_and_explains_every_project(self):
        self.cast(*[("A",)] * 5, *[("B", "C")] * 3, ("D",))
        [result] = actions.do_close_and_count(self.organizer, self.process)
        election = pb.loads(export_text(self.budget))
        expected = pb.count("equal-shares", election, completion="add1")
        self.assertEqual(result.winners, list(expected.winners))
        self.assertEqual(result.rule, "equal-shares (add1)")
        self.assertEqual(set(result.reasons), set(self.projects))
        self.assertEqual({code: Reason.from_json(r) for code, r in result.reasons.items()}, dict(expected.reasons))
        self.assertEqual(result.ballot_count, 9)
        funded = set(Project.objects.filter(process=self.process, funded=True).values_list("code", flat=True))
        self.assertEqual(funded, set(result.winners))

    def test_results_stay_hidden_until_published_then_show_greedy_beside(self):
        self.cast(("A",), ("A", "B"), ("C",))
        actions.do_close_and_count(self.organizer, self.process)
        self.assertEqual(self.client.get(self.url("results/")).status_code, 404)
        actions.do_publish_results(self.organizer, Process.objects.get(pk=self.process.pk))
        r = self.client.get(self.url("results/"))
        self.assertContains(r, "What the usual greedy rule would have funded")
        self.assertContains(r, '<svg class="chart"')
        self.assertContains(r, "<caption>Every project in All</caption>", html=False)

    def test_the_public_export_recounts_to_the_published_winners(self):
        self.cast(*[("A",)] * 4, *[("B", "D")] * 3, ("C", "D"))
        [result] = actions.do_close_and_count(self.organizer, self.process)
        actions.do_publish_results(self.organizer, Process.objects.get(pk=self.process.pk))
        text = self.client.get(self.url(f"results/{self.budget.pk}.pb")).content.decode()
        self.assertNotIn(self.member.handle, text)
        recount = pb.count("equal-shares", pb.loads(text), completion="add1")
        self.assertEqual(list(recount.winners), result.winners)

    def test_counting_shuffles_ballots_under_new_ids(self):
        self.cast(("A",), ("B",), ("C",))
        before = set(Ballot.objects.values_list("id", flat=True))
        actions.do_close_and_count(self.organizer, self.process)
        after = set(Ballot.objects.values_list("id", flat=True))
        self.assertEqual(len(after), 3)
        self.assertFalse(before & after)

    def test_the_shuffle_keeps_every_ballot_its_choices_and_receipt(self):
        self.cast(("A",), ("A", "B"), ("B", "C", "D"), ("D",), ())

        def contents():
            return sorted((ballot.receipt_hash or "", ballot.budget_id, ballot.site_id,
                           tuple(sorted(ballot.choices.values_list("project__code", "value"))))
                          for ballot in Ballot.objects.filter(process=self.process))

        before = contents()
        before_ids = set(Ballot.objects.values_list("id", flat=True))
        actions.do_close_and_count(self.organizer, self.process)
        self.assertEqual(contents(), before)
        self.assertFalse(before_ids & set(Ballot.objects.values_list("id", flat=True)))

    def test_the_roll_and_the_ballots_share_no_key(self):
        roll_fields = {f.name for f in RollEntry._meta.get_fields()}
        self.assertNotIn("ballot", roll_fields)
        self.assertFalse({f.name for f in Ballot._meta.get_fields()} & {"voter", "roll", "code"})


class CommandTests(ProcessTestCase):
    def test_export_then_count_with_the_engine_cli_matches_the_results(self):
        for codes in (("A",), ("A",), ("B", "C"), ("D",)):
            actions.do_cast_ballot(self.process, self.budget, chosen={self.projects[c]: 1 for c in codes})
        [result] = actions.do_close_and_count(self.organizer, self.process)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "spring.pb"
            call_command("pb", "export", "riverside:spring", "--output", str(path))
            counted = subprocess.run([sys.executable, "-m", "solidarity.cli", "pb", "count", str(path),
                                      "--rule", "equal-shares", "--completion", "add1", "--json"],
                                     capture_output=True, text=True, check=True)
        self.assertEqual(json.loads(counted.stdout)["winners"], result.winners)

    def test_list_shows_each_slug(self):
        out = io.StringIO()
        call_command("pb", "list", stdout=out)
        self.assertIn("riverside:spring\tvoting", out.getvalue())

    def test_an_absurd_budget_in_a_pabulib_file_is_a_clear_message(self):
        import re
        import tempfile

        from django.core.management.base import CommandError

        text = shared_data("pabulib/Poland_Swiecie_2023.pb").read_text()
        with tempfile.NamedTemporaryFile("w", suffix=".pb") as bad:
            bad.write(re.sub(r"budget;[^\n]*", "budget;1" + "0" * 400, text, count=1))
            bad.flush()
            with self.assertRaisesMessage(CommandError, "is too large to store"):
                call_command("pb", "import", bad.name, "--community", "riverside", stdout=io.StringIO())
        self.assertFalse(Process.objects.filter(slug__startswith="tmp").exists())

    def test_import_replays_a_real_election(self):
        source = shared_data("pabulib/Poland_Swiecie_2023.pb")
        out = io.StringIO()
        call_command("pb", "import", str(source), "--community", "riverside", "--count", stdout=out)
        process = Process.objects.get(slug="poland_swiecie_2023")
        result = process.results.get()
        expected = pb.count("equal-shares", pb.read(source), completion="add1")
        self.assertEqual(result.winners, list(expected.winners))
        self.assertEqual(result.ballot_count, pb.read(source).ballots.num_voters)
