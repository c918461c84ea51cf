"""The array paths (Equal Shares on arrays, Phragmén on the ballot matrix) against the exact
engine and a plain transcription, including the cases floats cannot decide alone."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import election
from solidarity.engines import pb
from solidarity.engines.pb import Election, Profile, Project
from solidarity.engines.pb.rules import equal_shares as es
from solidarity.engines.pb.rules import equal_shares_arrays as ea
from solidarity.engines.pb.rules.phragmen import phragmen
from solidarity.engines.pb.satisfaction import prepare
from test_properties import elections


def _exact(prep, share):
    return es.run_mes(es._Setup(prep, []), share, record=True)


def _arrays(prep, share):
    return ea.Arrays(prep, []).run(share)


@settings(max_examples=200, deadline=None)
@given(elections(max_projects=7), st.sampled_from(["cost", "cardinality"]), st.integers(0, 6))
def test_arrays_run_equals_the_exact_run_or_says_it_cannot_decide(e, sat, extra):
    prep = prepare(e, sat=sat)
    share = Fraction(prep.budget) / prep.num_voters + extra
    exact = _exact(prep, share)
    try:
        run = _arrays(prep, share)
    except ea.Ambiguous:
        run = None
    if run is not None:
        assert run.chosen == exact.chosen
        assert run.prices == exact.prices
        rho, rounds, paid, available = run.record()
        assert (rho, rounds, paid, available) == (exact.rho, exact.rounds, exact.paid, exact.available)
    # whichever path runs, the runner's outcome is the exact one
    assert es._Runner(prep, []).run(share, record=True).chosen == exact.chosen


def _election(costs: dict, budget, ballots) -> Election:
    return Election(budget=Fraction(budget), projects=tuple(Project(id=k, cost=Fraction(v)) for k, v in costs.items()),
                    ballots=Profile.from_counts(ballots))


def test_an_exact_tie_of_prices_goes_to_the_tie_breaking_rank():
    # b and a cost the same and have the same number of supporters: equal prices, exactly
    e = _election({"a": 30, "b": 30, "c": 50}, 80, [(("b",), 3), (("a",), 3), (("c", "a"), 1), (("c", "b"), 1)])
    prep = prepare(e)
    share = Fraction(prep.budget) / prep.num_voters
    run = _arrays(prep, share)
    assert [prep.ids[j] for j in run.chosen] == [prep.ids[j] for j in _exact(prep, share).chosen]
    assert prep.ids[run.chosen[0]] == "a"  # "a" < "b"


def test_a_budget_exactly_equal_to_a_price_is_left_to_the_exact_engine():
    # every voter has exactly 10 and project x costs 20 for 2 voters: each pays all they have
    e = _election({"x": 20, "y": 5}, 40, [(("x",), 2), (("y",), 2)])
    prep = prepare(e)
    share = Fraction(prep.budget) / prep.num_voters
    with pytest.raises(ea.Ambiguous):
        _arrays(prep, share)
    runner = es._Runner(prep, [])
    assert runner.run(share).chosen == _exact(prep, share).chosen == [0, 1]
    assert runner.exact_runs == 1


def test_the_arrays_count_a_real_city_without_falling_back():
    prep = prepare(election("Poland_Wieliczka_2023_Green_Budget.pb"))
    out, steps = es.equal_shares_add1(prep)
    assert steps > 100 and out.runs > 1 and out.exact_runs == 0


def test_arrays_explanations_figures_equal_the_exact_engines_on_a_real_city():
    prep = prepare(election("Poland_Swiecie_2023.pb"))
    share = Fraction(prep.budget) / prep.num_voters + 100
    exact = _exact(prep, share)
    rho, rounds, paid, available = _arrays(prep, share).record()
    assert (rho, rounds, paid, available) == (exact.rho, exact.rounds, exact.paid, exact.available)


def test_add1_jumps_on_arrays_give_the_same_outcome_as_unit_steps_on_a_large_city():
    prep = prepare(election("Poland_Lodz_2022.pb"))
    fast, k1 = es.equal_shares_add1(prep)
    slow, k2 = es.equal_shares_add1(prep, jump=False)
    assert (fast.chosen, k1) == (slow.chosen, k2) and k1 > 50


def _reference_phragmen(e: Election) -> list[str]:
    """pabutools' sequential_phragmen, transcribed plainly (one voter at a time, Fractions)."""
    costs = {p.id: p.cost for p in e.projects}
    voters = [set(b) for b, count in e.ballots.ballots for _ in range(count)]
    load = [Fraction(0)] * len(voters)
    remaining = {p for p, c in costs.items() if c <= e.budget}
    spent = Fraction(0)
    chosen = []
    while remaining:
        def value(p):
            sup = [i for i, b in enumerate(voters) if p in b]
            return None if not sup else (sum(load[i] for i in sup) + costs[p]) / len(sup)
        values = {p: value(p) for p in remaining}
        finite = [v for v in values.values() if v is not None]
        best = min(finite) if finite else None
        tied = [p for p, v in values.items() if v == best]
        if any(spent + costs[p] > e.budget for p in tied):
            break
        p = min(tied)
        chosen.append(p)
        remaining.discard(p)
        spent += costs[p]
        if best is not None:
            for i, b in enumerate(voters):
                if p in b:
                    load[i] = best
    return chosen


@settings(max_examples=200, deadline=None)
@given(elections(max_projects=7))
def test_phragmen_matches_a_plain_per_voter_transcription(e):
    prep = prepare(e, sat="cardinality")
    assert [prep.ids[j] for j in phragmen(prep)] == _reference_phragmen(e)
