"""Results stored before explanations became codes are moved to the codes by a recount; ballots stored
under UUIDs are carried over to random integer keys with every choice and receipt."""

from django.test import TransactionTestCase
from django.utils import translation

from solidarity.budgeting import reasons
from solidarity.engines import pb
from solidarity.testing import migrate_to

BEFORE = [("budgeting", "0002_one_category_vocabulary")]
AFTER = [("budgeting", "0003_reasons_as_codes")]


class ReasonsMigrationTests(TransactionTestCase):
    def migrate(self, target):
        return migrate_to(target)

    def test_stored_english_becomes_codes_and_the_winners_stay(self):
        old = self.migrate(BEFORE)
        community = old.get_model("communities", "Community").objects.create(slug="riverside", name="Riverside")
        process = old.get_model("budgeting", "Process").objects.create(
            community=community, slug="spring", title="Spring", phase="results", rule="equal-shares",
            completion="add1")
        budget = old.get_model("budgeting", "Budget").objects.create(community=community, process=process,
                                                                     name="All", amount_cents=10000)
        Project, Ballot, Choice = (old.get_model("budgeting", name) for name in ("Project", "Ballot", "Choice"))
        projects = {code: Project.objects.create(community=community, process=process, budget=budget, code=code,
                                                 title=code, cost_cents=cost)
                    for code, cost in (("A", 6000), ("B", 4000), ("C", 3000))}
        for codes in [("A",)] * 5 + [("B", "C")] * 3:
            ballot = Ballot.objects.create(community=community, process=process, budget=budget)
            for code in codes:
                Choice.objects.create(community=community, ballot=ballot, project=projects[code], value=1)
        election = pb.Election(budget=100, projects=(pb.Project("A", 60), pb.Project("B", 40), pb.Project("C", 30)),
                               ballots=pb.Profile.from_ballots([("A",)] * 5 + [("B", "C")] * 3))
        expected = pb.count("equal-shares", election, completion="add1")
        old.get_model("budgeting", "Result").objects.create(
            community=community, process=process, budget=budget, rule="equal-shares (add1)",
            winners=list(expected.winners), total_cost=str(expected.total_cost),
            explanations=dict(expected.explanations), greedy_winners=[], support={}, ballot_count=8,
            export_sha256="")

        new = self.migrate(AFTER)
        result = new.get_model("budgeting", "Result").objects.get()
        self.assertEqual(result.winners, list(expected.winners))
        self.assertEqual(set(result.reasons), {"A", "B", "C"})
        self.assertEqual(reasons.sentence(result.reasons["A"]), expected.explanations["A"])
        with translation.override("es"):
            self.assertIn("Partes Iguales", reasons.sentence(result.reasons["A"]))


class RandomKeysMigrationTests(TransactionTestCase):
    def test_every_ballot_choice_and_receipt_is_carried_over_under_new_keys(self):
        old = migrate_to([("budgeting", "0003_reasons_as_codes")])
        community = old.get_model("communities", "Community").objects.create(slug="riverside", name="Riverside")
        process = old.get_model("budgeting", "Process").objects.create(community=community, slug="s", title="S",
                                                                       phase="voting")
        budget = old.get_model("budgeting", "Budget").objects.create(community=community, process=process,
                                                                     name="All", amount_cents=10000)
        Project, Ballot, Choice = (old.get_model("budgeting", name) for name in ("Project", "Ballot", "Choice"))
        projects = [Project.objects.create(community=community, process=process, budget=budget, code=code,
                                           title=code, cost_cents=10) for code in "ABC"]
        expected = set()
        for n in range(12):
            ballot = Ballot.objects.create(community=community, process=process, budget=budget,
                                           receipt_hash=f"receipt-{n}")
            picked = projects[: 1 + n % 3]
            for rank, project in enumerate(picked, start=1):
                Choice.objects.create(community=community, ballot=ballot, project=project, value=rank)
            expected.add((f"receipt-{n}", tuple((p.code, rank) for rank, p in enumerate(picked, start=1))))
        old_ids = {str(pk) for pk in Ballot.objects.values_list("id", flat=True)}

        new = migrate_to([("budgeting", "0004_random_ballot_keys")])
        carried = {(b.receipt_hash, tuple(sorted((c.project.code, c.value) for c in b.choices.all())))
                   for b in new.get_model("budgeting", "Ballot").objects.prefetch_related("choices__project")}
        self.assertEqual(carried, expected)
        new_ids = set(new.get_model("budgeting", "Ballot").objects.values_list("id", flat=True))
        self.assertTrue(all(isinstance(pk, int) and pk > 0 for pk in new_ids))
        self.assertFalse({str(pk) for pk in new_ids} & old_ids)
