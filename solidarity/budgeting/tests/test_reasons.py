"""Why a project was funded, in English and in Spanish, from the codes the engine returns."""

from django.test import TestCase
from django.utils import translation

from solidarity.budgeting import actions, reasons
from solidarity.budgeting.models import Process
from solidarity.engines import pb
from solidarity.engines.pb import reasons as engine_reasons

from .base import ProcessTestCase

# One election per rule that between them emit every PB reason code (tests/engines/test_reasons.py
# proves the engine emits each); here, the app has a sentence for each and renders it in both languages.


def reasons_of_small_elections() -> dict:
    """A reason for each code that small approval elections under every rule give."""
    found = {}
    projects = (pb.Project("A", 40), pb.Project("B", 30), pb.Project("C", 60), pb.Project("D", 0),
                pb.Project("E", 500), pb.Project("F", 20))
    approval = pb.Election(budget=100, projects=projects, ballots=pb.Profile.from_ballots(
        [("A", "B"), ("A",), ("B", "C"), ("C", "D"), ("A", "C"), ("E",), ("B",)]))
    for rule, completion in (("greedy", "none"), ("equal-shares", "none"), ("equal-shares", "utilitarian"),
                             ("phragmen", "none"), ("max-welfare", "none")):
        for reason in pb.count(rule, approval, completion=completion).reasons.values():
            found.setdefault(reason.code, reason)
    return found


class SentenceTests(TestCase):
    def test_every_engine_code_has_a_sentence(self):
        self.assertEqual(set(reasons.SENTENCES), set(engine_reasons.CODES))

    def test_english_sentences_match_the_engine_and_spanish_ones_differ(self):
        found = reasons_of_small_elections()
        self.assertGreaterEqual(len(found), 8)
        for code, reason in found.items():
            with self.subTest(code=code):
                english = reasons.sentence(reason.as_json())
                self.assertEqual(english, engine_reasons.english(reason, plurals=True))
                with translation.override("es"):
                    spanish = reasons.sentence(reason.as_json())
                self.assertNotEqual(spanish, english)

    def test_plural_forms_follow_the_count(self):
        one = engine_reasons.reason("pb.mes.funded", round=1, cost=10, unit="cost", rich=1, pay=10, poor=0,
                                    poor_total=0)
        many = engine_reasons.reason("pb.mes.funded", round=1, cost=10, unit="cost", rich=2, pay=5, poor=0,
                                     poor_total=0)
        self.assertIn("1 supporter paid 10 each", reasons.sentence(one.as_json()))
        self.assertIn("2 supporters paid 5 each", reasons.sentence(many.as_json()))
        with translation.override("es"):
            self.assertIn("1 persona", reasons.sentence(one.as_json()))
            self.assertIn("2 personas", reasons.sentence(many.as_json()))


class ResultsPageTests(ProcessTestCase):
    def test_spanish_readers_see_spanish_reasons(self):
        for codes in [("A",)] * 5 + [("B", "C")] * 3:
            actions.do_cast_ballot(self.process, self.budget, chosen={self.projects[c]: 1 for c in codes})
        actions.do_close_and_count(self.organizer, self.process)
        actions.do_publish_results(self.organizer, Process.objects.get(pk=self.process.pk))
        english = self.client.get(self.url("results/")).content.decode()
        spanish = self.client.get(self.url("results/"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
        self.assertIn("Funded in round 1 of Equal Shares", english)
        self.assertIn("Financiado en la ronda 1 de Partes Iguales", spanish)
        self.assertNotIn("Funded in round", spanish)
