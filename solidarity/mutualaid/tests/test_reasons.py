"""The matching engine's reason codes in the coordinator's language."""

from django.test import SimpleTestCase
from django.utils import translation

from solidarity.engines.matching import reasons as engine_reasons
from solidarity.mutualaid import reasons


class MatchingPhraseTests(SimpleTestCase):
    def test_every_engine_code_has_a_phrase(self):
        self.assertEqual(set(reasons.PHRASES), set(engine_reasons.CODES))

    def test_a_window_over_two_midnights_names_the_day_it_ends(self):
        # Monday 23:00 to Wednesday 01:00, as free windows merged across midnight come out.
        figures = {"day": 0, "start": 23 * 60, "end": 2 * 24 * 60 + 60, "more": 0}
        self.assertEqual(reasons._time(figures), "free Mon 23:00-Wed 01:00")
        with translation.override("es"):
            self.assertNotIn("Mon", reasons._time(figures))
        sunday = {"day": 6, "start": 23 * 60, "end": 25 * 60, "more": 0}
        self.assertEqual(reasons._time(sunday), "free Sun 23:00-Mon 01:00")
