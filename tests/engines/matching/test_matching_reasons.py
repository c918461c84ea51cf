"""Matching reasons: codes with exact figures, rendering to the phrases the engine always showed.

`goldens/reasons.json` holds the English reasons of `reason_cases.cases()` recorded before reasons
became codes; they must not change."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from reason_cases import ZONES, cases

from solidarity.engines.matching import Helper, Need, Window, score
from solidarity.engines.matching.cli import main
from solidarity.engines.matching.reasons import CODES, english, reason
from solidarity.engines.reasons import KINDS, Reason

GOLDEN = Path(__file__).resolve().parent / "goldens" / "reasons.json"


def _scores():
    return [score(need, helper, ZONES) for need, helper in cases()]


def test_phrases_are_todays_on_the_recorded_cases():
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))["reasons"]
    got = [list(s.explanations) for s in _scores()]
    assert len(got) == len(expected) == 400
    assert got == expected


def test_every_code_is_emitted_with_its_figures_of_their_kinds():
    seen = set()
    for s in _scores():
        for r in s.reasons:
            template = CODES[r.code]
            assert set(r.figures) == set(template.figures), r
            for name, kind in template.figures.items():
                assert type(r.figures[name]) is KINDS[kind], (r, name)
            seen.add(r.code)
    assert seen == set(CODES), sorted(set(CODES) - seen)


def test_every_placeholder_of_a_wording_is_a_figure():
    for code, t in CODES.items():
        for w in (t.wording, *t.parts):
            for text in [w.text] + ([w.one] if w.one else []) + list(w.variants.values()):
                names = {f for _, f, _, _ in string.Formatter().parse(text) if f}
                allowed = set(t.figures) | ({"parts"} if t.parts else set()) | (
                    {"span"} if code == "match.time.common" else set())
                assert names <= allowed, (code, text)


def test_reasons_round_trip_through_json_exactly():
    n = 0
    for s in _scores():
        for r in s.reasons:
            back = Reason.from_json(json.loads(json.dumps(r.as_json())))
            assert back == r and english(back) == english(r)
            n += 1
    assert n > 1000


def test_figures_are_keys_not_names():
    need = Need(id="r", category="food", zone="a", languages={"es", "ar"}, access_needs={"wheelchair"},
                windows=(Window(1, 1080, 1200),))
    helper = Helper(id="h", categories={"food"}, zone="a", languages={"es", "ar"}, access_provides={"wheelchair"},
                    windows=(Window(1, 1020, 1140),), load=2)
    s = score(need, helper, ZONES)
    assert s.reasons == (reason("match.zone.same"), reason("match.language.shared", language="ar", language2="es"),
                         reason("match.time.common", day=1, start=1080, end=1140, more=0),
                         reason("match.access.met", access="wheelchair"), reason("match.load", load=2))
    assert s.explanations == ("same zone", "speaks Arabic and Spanish", "free Tue 18:00-19:00", "wheelchair access",
                              "already helping 2")
    with pytest.raises(ValueError):
        reason("match.zone.hops")


def test_suggest_json_adds_reason_codes_beside_the_english(capsys):
    queue = str(Path(__file__).resolve().parent / "goldens" / "small-queue.json")
    assert main(["suggest", queue, "r1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for s in doc["suggestions"]:
        codes = [Reason.from_json(r) for r in s["reason_codes"]]
        assert [english(r) for r in codes] == s["reasons"]
