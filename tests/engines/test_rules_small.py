"""Small elections whose outcomes were checked by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from solidarity.engines import pb
from solidarity.engines.pb import Election, Profile, Project


def approval(budget, costs: dict, ballots: list, counts: list | None = None) -> Election:
    counts = counts or [1] * len(ballots)
    return Election(
        budget=budget,
        projects=tuple(Project(id=k, cost=v) for k, v in costs.items()),
        ballots=Profile.from_counts(list(zip(ballots, counts))),
    )


def test_greedy_skips_a_project_that_does_not_fit_and_goes_on():
    e = approval(10, {"a": 6, "b": 5, "c": 4}, [("a",), ("b",), ("c",)], [3, 2, 1])
    out = pb.count("greedy", e)
    assert out.winners == ("a", "c")
    assert out.total_cost == 10
    assert "only 4 of the budget was left" in out.explanations["b"]
    assert "10 of the budget was left" in out.explanations["a"]


def test_ties_break_by_project_id_as_a_string():
    e = approval(5, {"9": 5, "10": 5}, [("9",), ("10",)])
    assert pb.count("greedy", e).winners == ("10",)


def test_the_equalshares_tie_break_prefers_the_cheaper_then_the_more_supported_project():
    # cardinality satisfaction per cost: a 2/4, b 1/2: a tie
    e = approval(4, {"a": 4, "b": 2}, [("a",), ("b",)], [2, 1])
    assert pb.count("greedy", e, sat="cardinality").winners == ("a",)
    assert pb.count("greedy", e, sat="cardinality", tie_break="equalshares").winners == ("b",)
    # points per cost: a 4/2 from one voter, b (2+2)/2 from two voters; same cost, b has more votes
    cum = Election(budget=2, projects=(Project("a", 2), Project("b", 2)),
                   ballots=Profile.from_counts([((("a", 4),), 1), ((("b", 2),), 2)], kind="cumulative"))
    assert pb.count("greedy", cum).winners == ("a",)
    assert pb.count("greedy", cum, tie_break="equalshares").winners == ("b",)


def test_equal_shares_splits_costs_equally_and_breaks_ties_by_id():
    # two voters approve a (20) and b (10); one voter approves c (10); each has 10 of the 30
    e = approval(30, {"a": 20, "b": 10, "c": 10}, [("a", "b"), ("c",)], [2, 1])
    out = pb.count("equal-shares", e)
    # a and b both cost their supporters 1/2 per unit: the tie goes to "a"; then c
    assert out.winners == ("a", "c")
    assert out.total_cost == 30
    assert "round 1" in out.explanations["a"] and "paid 10 each" in out.explanations["a"]
    assert "Not funded" in out.explanations["b"]


def test_equal_shares_with_cardinality_satisfaction_prefers_the_cheaper_project():
    e = approval(30, {"a": 20, "b": 10, "c": 10}, [("a", "b"), ("c",)], [2, 1])
    out = pb.count("equal-shares", e, sat="cardinality")
    assert out.winners == ("b", "c")
    assert "10 less than its cost" in out.explanations["a"]


def test_the_utilitarian_completion_fills_the_budget_greedily():
    # MES buys b (both pay 5), then a is out of reach for its supporters' 5 + 5 ... c is alone
    e = approval(40, {"a": 30, "b": 10, "c": 20}, [("a", "b"), ("c",)], [3, 1])
    mes = pb.count("equal-shares", e)
    full = pb.count("equal-shares", e, completion="utilitarian")
    assert full.winners[: len(mes.winners)] == mes.winners
    assert full.total_cost <= 40
    assert set(full.winners) >= set(mes.winners)


def test_add1_raises_shares_until_the_outcome_is_exhaustive():
    # Two voters approve a (cost 3), one approves b (1) and c (2). Budget 4, share 4/3 each:
    # a is out of reach (8/3 < 3), b is bought, and a would still fit: not exhaustive.
    e = approval(4, {"a": 3, "b": 1, "c": 2}, [("a",), ("b", "c")], [2, 1])
    assert pb.count("equal-shares", e).winners == ("b",)
    # At share 7/3: a costs its supporters 3/2 each (1/2 per unit), then b and c tie at 1 per unit;
    # b wins by id, and c is out of reach: {a, b} costs 4 and is exhaustive.
    out = pb.count("equal-shares", e, completion="add1")
    assert out.winners == ("a", "b")
    assert out.details["increments"] == 1


def test_add1_stops_before_the_first_infeasible_outcome():
    # Same ballots with a budget of 3: at share 2 the outcome {a, b} costs 4 > 3, so add1 keeps {b}.
    e = approval(3, {"a": 3, "b": 1, "c": 2}, [("a",), ("b", "c")], [2, 1])
    assert pb.count("equal-shares", e, completion="add1").winners == ("b",)


def test_phragmen_stops_at_the_first_tied_project_that_does_not_fit():
    e = approval(3, {"a": 2, "b": 2, "c": 1}, [("a",), ("b",), ("c",)], [2, 2, 1])
    out = pb.count("phragmen", e)
    # round 1: a, b and c all reach load 1; a wins the tie. Round 2: b and c tie at 1, b does not fit: stop.
    assert out.winners == ("a",)
    assert "stopped" in out.explanations["c"]
    assert pb.count("greedy", e).winners == ("a", "c")


def test_phragmen_balances_loads():
    e = approval(3, {"a": 2, "b": 1}, [("a",), ("b",)], [2, 1])
    assert pb.count("phragmen", e).winners == ("a", "b")


def test_max_welfare_finds_the_best_set_where_greedy_does_not():
    e = approval(10, {"a": 6, "b": 5, "c": 5}, [("a",), ("b",), ("c",)], [3, 2, 2])
    assert pb.count("greedy", e).winners == ("a",)
    out = pb.count("max-welfare", e)
    assert set(out.winners) == {"b", "c"}
    assert out.details["objective"] == 20


def test_max_welfare_is_exact_on_decimal_costs():
    # costs with cents: cost satisfaction is then fractional, where an integer-only bound can prune the optimum
    e = approval(Fraction("10.01"), {"a": Fraction("5.01"), "b": Fraction("5.00"), "c": Fraction("5.005")},
                 [("a",), ("b",), ("c",)], [1, 1, 1])
    out = pb.count("max-welfare", e)
    assert out.details["objective"] == Fraction("10.01")
    assert set(out.winners) == {"a", "b"}


def test_points_and_borda_satisfactions():
    cum = Election(budget=10, projects=(Project("a", 5), Project("b", 5), Project("c", 5)),
                   ballots=Profile.from_counts([((("a", 1), ("b", 4)), 1), ((("c", 3), ("a", 1)), 1)], kind="cumulative"))
    # points per cost: a 2/5, b 4/5, c 3/5
    assert pb.count("greedy", cum).winners == ("b", "c")
    ordn = Election(budget=10, projects=(Project("a", 5), Project("b", 5), Project("c", 5)),
                    ballots=Profile.from_counts([(("a", "b", "c"), 2), (("c", "b", "a"), 1)], kind="ordinal"))
    # borda: a 2*2+0 = 4, b 1*2+1 = 3, c 0+2 = 2; the last-ranked project scores 0
    assert pb.count("greedy", ordn).winners == ("a", "b")
    with pytest.raises(pb.UnknownOption):
        pb.count("greedy", ordn, sat="points")


@pytest.mark.parametrize("rule", sorted(pb.RULES))
def test_every_rule_explains_every_project(rule):
    e = approval(30, {"a": 20, "b": 10, "c": 10, "d": 50}, [("a", "b"), ("c",)], [2, 1])
    out = pb.count(rule, e)
    assert set(out.explanations) == {"a", "b", "c", "d"}
    assert all(isinstance(t, str) and t for t in out.explanations.values())


def test_an_unknown_rule_is_refused_with_the_known_names():
    e = approval(1, {"a": 1}, [("a",)])
    with pytest.raises(pb.UnknownRule, match="equal-shares, greedy, max-welfare, phragmen"):
        pb.count("lottery", e)
    with pytest.raises(pb.UnknownOption, match="no completion"):
        pb.count("greedy", e, completion="add1")


def test_an_election_without_voters_funds_nothing_with_equal_shares():
    e = Election(budget=10, projects=(Project("a", 1),), ballots=Profile(kind="approval", ballots=()))
    assert pb.count("equal-shares", e).winners == ()
    assert pb.count("equal-shares", e, completion="add1").winners == ()
