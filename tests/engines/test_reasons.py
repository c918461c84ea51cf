"""PB reasons: codes with exact figures, and the English they render to.

`reason_goldens/explanations.json` holds the explanations the engine gave, before reasons became
codes, for every project of six real files under every rule configuration; they must not change.
"""

from __future__ import annotations

import json
import string
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import election, require_data
from solidarity.engines import pb
from solidarity.engines.pb import Election, Profile, Project, cli
from solidarity.engines.pb.reasons import CODES, english, reason
from solidarity.engines.pb.rules.mes_exact import MESRun
from solidarity.engines.pb.rules.mes_explain import explain
from solidarity.engines.pb.satisfaction import prepare
from solidarity.engines.reasons import KINDS, Reason

GOLDEN = Path(__file__).resolve().parent / "reason_goldens" / "explanations.json"


def _config(key: str):
    rule, sat, completion = key.split("/")
    return rule, None if sat == "default" else sat, completion


def _golden_outcomes():
    require_data()
    for name, per in sorted(json.loads(GOLDEN.read_text(encoding="utf-8")).items()):
        e = election(name)
        for key, expected in sorted(per.items()):
            rule, sat, completion = _config(key)
            yield name, key, expected, pb.count(rule, e, sat=sat, completion=completion)


def approval(budget, costs: dict, ballots: list, counts: list | None = None) -> Election:
    counts = counts or [1] * len(ballots)
    return Election(budget=budget, projects=tuple(Project(id=k, cost=v) for k, v in costs.items()),
                    ballots=Profile.from_counts(list(zip(ballots, counts))))


def _crafted():
    """Small elections for the codes the real files do not reach."""
    # a free project with support; z nobody supports; big costs more than the budget
    e = approval(10, {"a": 3, "free": 0, "z": 2, "big": 11}, [("a", "free"), ("a",), ("big",)])
    yield pb.count("phragmen", e)  # a, then z although nobody approved it; big too expensive
    yield pb.count("equal-shares", e)  # big short; z unsupported
    yield pb.count("equal-shares", e, sat="cardinality")  # free first (under cost, a free project gives nothing)
    yield pb.count("equal-shares", e, completion="utilitarian")
    yield pb.count("greedy", e)
    yield pb.count("max-welfare", e)
    # Phragmén stops on a project that does not fit, and names it for the others
    e = approval(10, {"a": 6, "b": 6, "c": 1}, [("a",), ("a",), ("b",), ("c",)])
    yield pb.count("phragmen", e)
    # cumulative points: supporters pay per point
    cum = Election(budget=10, projects=(Project(id="a", cost=4), Project(id="b", cost=9)),
                   ballots=Profile.from_counts([({"a": 2, "b": 1}, 2), ({"b": 3}, 1)], kind="cumulative"))
    yield pb.count("equal-shares", cum)
    # ordinal: Borda points
    ordv = Election(budget=10, projects=(Project(id="a", cost=4), Project(id="b", cost=5)),
                    ballots=Profile.from_counts([(("a", "b"), 2), (("b", "a"), 1)], kind="ordinal"))
    yield pb.count("equal-shares", ordv)


def _defensive_reasons():
    """Codes no real count produces, from the branches that would give them."""
    prep = prepare(approval(10, {"a": 4}, [("a",)]))
    reasons: dict = {}
    run = MESRun(chosen=[], eligible=[0], budget_per_voter=Fraction(10), available={0: Fraction(4)})
    explain(prep, run, reasons)  # the supporters could pay: outpriced (MES never stops so)
    yield reasons["a"]
    out = pb._finish("greedy", prep, [], {})  # a rule that explained nothing: the fallback
    yield out.reasons["a"]


def _all_reasons():
    for *_, out in _golden_outcomes():
        yield from out.reasons.values()
    for out in _crafted():
        yield from out.reasons.values()
    yield from _defensive_reasons()


def test_explanations_are_todays_text_on_real_files():
    compared = 0
    for name, key, expected, out in _golden_outcomes():
        assert dict(out.explanations) == expected, (name, key)
        assert set(out.reasons) == set(expected)
        compared += len(expected)
    assert compared > 900


def test_explanations_are_the_english_of_the_reasons():
    for out in _crafted():
        assert set(out.reasons) == set(out.explanations)
        for pid, r in out.reasons.items():
            assert out.explanations[pid] == english(r)


def test_every_code_is_emitted_with_its_figures_of_their_kinds():
    seen = set()
    for r in _all_reasons():
        template = CODES[r.code]
        assert set(r.figures) == set(template.figures), r
        for name, kind in template.figures.items():
            assert type(r.figures[name]) is KINDS[kind], (r, name)
        seen.add(r.code)
    assert seen == set(CODES), sorted(set(CODES) - seen)


def test_every_placeholder_of_a_wording_is_a_figure():
    def names(text):
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for code, t in CODES.items():
        wordings = [t.wording, *t.parts]
        texts = []
        for w in wordings:
            texts += [w.text] + ([w.one] if w.one else [])
            for v in w.variants.values():
                texts += [v] if isinstance(v, str) else [v.text] + ([v.one] if v.one else [])
            for f in (w.count, w.by, w.when):
                assert f is None or f in t.figures, (code, f)
        for text in texts:
            assert names(text) <= set(t.figures) | ({"parts"} if t.parts else set()), (code, text)


def test_reasons_round_trip_through_json_exactly():
    count = 0
    for r in _all_reasons():
        doc = json.loads(json.dumps(r.as_json()))
        back = Reason.from_json(doc)
        assert back == r and hash(back) == hash(r)
        assert all(type(back.figures[k]) is type(v) for k, v in r.figures.items())
        count += 1
    assert count > 900


def test_json_writes_fractions_as_p_over_q():
    r = reason("pb.greedy.funded", left=Fraction(7, 2), cost=3)
    assert r.as_json() == {"code": "pb.greedy.funded", "figures": {"left": "7/2", "cost": "3"}}
    assert Reason.from_json(r.as_json()).figures["cost"] == Fraction(3)
    assert english(r) == "Funded by the greedy rule: 3.50 of the budget was left when it was reached, and it costs 3."


def test_a_reason_is_frozen_and_checked_against_its_schema():
    r = reason("pb.mes.short", avail=1, short=2, cost=3, extra=1, share=Fraction(1, 3))
    with pytest.raises(TypeError):
        r.figures["cost"] = 4
    with pytest.raises(ValueError):
        reason("pb.mes.short", avail=1, short=2, cost=3, extra=1)
    with pytest.raises(TypeError):
        reason("pb.mes.short", avail=1, short=2, cost=3, extra="1", share=1)
    with pytest.raises(ValueError):
        Reason.from_json({"code": "pb.mes.short", "figures": {"nope": 1}})
    with pytest.raises(ValueError):
        Reason.from_json({"code": "pb.nope", "figures": {}})


def test_singular_forms_only_when_asked():
    r = reason("pb.mes.funded", round=1, cost=5, unit="cost", rich=1, pay=3, poor=1, poor_total=2)
    today = "Funded in round 1 of Equal Shares (cost 5): 1 supporters paid 3 each and 1 supporters paid all they had left (2 in total)."
    assert english(r) == today
    assert english(r, plurals=True) == ("Funded in round 1 of Equal Shares (cost 5): 1 supporter paid 3 each and "
                                        "1 supporter paid all they had left (2 in total).")
    r = reason("pb.mes.funded", round=2, cost=5, unit="borda", rich=1234, pay=Fraction(1, 3), poor=0, poor_total=0)
    assert english(r, plurals=True) == ("Funded in round 2 of Equal Shares (cost 5): 1,234 supporters paid 0.33 per "
                                        "Borda point they gave it.")


def test_count_json_adds_the_reasons(capsys):
    data = require_data()
    path = str(data / "Poland_Swiecie_2023.pb")
    assert cli.main(["count", path, "--rule", "equal-shares", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    out = pb.count("equal-shares", election("Poland_Swiecie_2023.pb"))
    assert doc["explanations"] == dict(out.explanations)
    assert doc["reasons"] == {pid: r.as_json() for pid, r in out.reasons.items()}
    assert {pid: Reason.from_json(d) for pid, d in doc["reasons"].items()} == dict(out.reasons)
