"""Assigning a whole queue: hand-checked cases, then properties on random queues (hypothesis)."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching_cases import ZONES, brute_force, queues, total_of
from solidarity.engines.matching import (METHODS, Assignment, Helper, MatchingError, Need, UnknownMethod, Window,
                                         Zones,
                                         assign, score)
from solidarity.engines.matching import methods
from solidarity.engines.matching.methods import optimal_table
from solidarity.engines.matching.table import Table

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZONES_AB = Zones({"a": ["b"]})


def need(id, category="food", zone="a", **kw):
    return Need(id=id, category=category, zone=zone, **kw)


def helper(id, categories=("food",), zone="a", **kw):
    return Helper(id=id, categories=frozenset(categories), zone=zone, **kw)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_it_gives_a_contested_helper_to_the_more_urgent_need(method):
    needs = [need("r1", urgency="anytime"), need("r2", urgency="today", zone="b")]  # r2 even fits worse
    out = assign(needs, [helper("h1")], ZONES_AB, method=method)
    assert out.pairs == (("r2", "h1"),)
    assert out.unmatched == ("r1",)
    assert out.total == score(needs[1], helper("h1"), ZONES_AB).total == 100 + 60 + 20 + 10


def test_greedy_takes_the_best_helper_first_and_the_optimum_looks_at_the_whole_queue():
    # r1 (today) fits h1 a little better than h2, but only h1 offers transport, which r2 needs.
    needs = [need("r1", urgency="today"), need("r2", category="transport")]
    helpers = [helper("h1", categories=("food", "transport")), helper("h2", zone="b")]
    greedy = assign(needs, helpers, ZONES_AB, method="greedy")
    optimal = assign(needs, helpers, ZONES_AB)
    assert greedy == Assignment(pairs=(("r1", "h1"),), total=100 + 60 + 30 + 10, unmatched=("r2",), method="greedy")
    assert optimal == Assignment(pairs=(("r1", "h2"), ("r2", "h1")), total=(100 + 60 + 20 + 10) + (100 + 30 + 10),
                                 unmatched=(), method="optimal")


@pytest.mark.parametrize("method", sorted(METHODS))
def test_a_helpers_load_counts_the_needs_it_takes_in_this_assignment(method):
    needs = [need("r1"), need("r2"), need("r3")]
    out = assign(needs, [helper("h1", capacity=2, load=4)], ZONES_AB, method=method)
    assert out.pairs == (("r1", "h1"), ("r2", "h1"))  # equal fits: the queue order decides
    assert out.unmatched == ("r3",)
    assert out.total == (100 + 30 + 10 - 12) + (100 + 30 + 10 - 15)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_it_spreads_equal_needs_over_equal_helpers(method):
    out = assign([need("r1"), need("r2")], [helper("h1", capacity=2), helper("h2", capacity=2)], ZONES_AB,
                 method=method)
    assert sorted(h for _, h in out.pairs) == ["h1", "h2"]
    assert out.total == 2 * (100 + 30 + 10)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_it_leaves_a_need_open_rather_than_make_a_pair_worth_nothing(method):
    bad = need("r1", zone="", languages={"es"}, access_needs={"wheelchair", "delivery"})
    h = helper("h1", zone="", languages={"en"})
    assert score(bad, h, ZONES_AB).total <= 0
    assert assign([bad], [h], ZONES_AB, method=method) == Assignment((), 0, ("r1",), method)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_it_handles_an_empty_queue_and_no_helpers(method):
    assert assign([], [], ZONES_AB, method=method) == Assignment((), 0, (), method)
    out = assign([need("r2", urgency="week"), need("r1")], [helper("h1", categories=("income",))], ZONES_AB,
                 method=method)
    assert out == Assignment((), 0, ("r2", "r1"), method)


def test_it_names_the_methods_it_knows():
    with pytest.raises(UnknownMethod, match="unknown method 'best'; expected one of greedy, optimal"):
        assign([], [], ZONES_AB, method="best")


def test_it_refuses_values_that_are_not_engine_data():
    with pytest.raises(MatchingError, match="needs must be Need values"):
        assign([{"id": "r1"}], [], ZONES_AB)
    with pytest.raises(MatchingError, match="zones must be a Zones value"):
        assign([], [], {"a": ["b"]})


def test_it_refuses_two_needs_or_two_helpers_with_one_id():
    with pytest.raises(MatchingError, match="two needs share the id 'r1'"):
        assign([need("r1"), need("r1", zone="b")], [], ZONES_AB)
    with pytest.raises(MatchingError, match="two helpers share the id 'h1'"):
        assign([], [helper("h1"), helper("h1")], ZONES_AB, method="greedy")


def check_valid(out: Assignment, needs, helpers):
    by_need = {n.id: n for n in needs}
    by_helper = {h.id: h for h in helpers}
    assigned = [n for n, _ in out.pairs]
    assert len(assigned) == len(set(assigned))  # each need at most once
    assert sorted(assigned + list(out.unmatched)) == sorted(by_need)
    for h in by_helper.values():  # capacity never exceeded
        assert sum(1 for _, x in out.pairs if x == h.id) <= max(h.capacity, 0)
    for n, h in out.pairs:  # only pairs with a Score
        assert score(by_need[n], by_helper[h], ZONES) is not None
    assert out.total == total_of(out.pairs, needs, helpers)


@SETTINGS
@given(queues())
def test_both_methods_give_valid_assignments_and_the_optimum_is_never_worse(queue):
    needs, helpers = queue
    greedy = assign(needs, helpers, ZONES, method="greedy")
    optimal = assign(needs, helpers, ZONES, method="optimal")
    check_valid(greedy, needs, helpers)
    check_valid(optimal, needs, helpers)
    assert optimal.total >= greedy.total


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queues(max_needs=5, max_helpers=3, max_capacity=2))
def test_the_optimum_equals_brute_force_on_tiny_queues(queue):
    needs, helpers = queue
    assert assign(needs, helpers, ZONES).total == brute_force(needs, helpers)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queues(max_needs=5, max_helpers=3, max_capacity=2))
def test_the_optimum_equals_brute_force_even_when_it_starts_from_one_candidate_per_need(queue):
    # One candidate per need makes the first solve miss pairs, so the dual check must add them.
    needs, helpers = queue
    out = optimal_table(Table(needs, helpers, ZONES), per_need=1)
    check_valid(out, needs, helpers)
    assert out.total == brute_force(needs, helpers)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queues(max_needs=5, max_helpers=3, max_capacity=2))
def test_the_optimum_equals_brute_force_without_the_queue_order_tie_break(queue):
    # Queues too large for exact scaled totals fall back to plain scores; force that path here.
    needs, helpers = queue
    saved = methods.EXACT
    methods.EXACT = 0
    try:
        out = optimal_table(Table(needs, helpers, ZONES), per_need=1)
    finally:
        methods.EXACT = saved
    check_valid(out, needs, helpers)
    assert out.total == brute_force(needs, helpers)


def test_equal_fits_go_to_the_need_first_in_the_queue():
    needs = [need("r3"), need("r1", urgency="week", zone="b"), need("r2")]
    out = assign(needs, [helper("h1", zone="")], ZONES_AB)  # every need fits h1 equally well but r1 is urgent
    assert out.pairs == (("r1", "h1"),)
    out = assign([need("r3"), need("r2"), need("r9")], [helper("h1", zone=""), helper("h2", zone="")], ZONES_AB)
    assert [n for n, _ in out.pairs] == ["r2", "r3"] and out.unmatched == ("r9",)


@SETTINGS
@given(queues(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_the_input(queue, rnd):
    needs, helpers = queue
    shuffled_needs, shuffled_helpers = list(needs), list(helpers)
    rnd.shuffle(shuffled_needs)
    rnd.shuffle(shuffled_helpers)
    for method in METHODS:
        assert assign(needs, helpers, ZONES, method=method) == assign(shuffled_needs, shuffled_helpers, ZONES,
                                                                      method=method)


def dense_optimum(needs, helpers, zones) -> int:
    """An independent exact answer for medium queues: every pair scored with `score`, every helper
    expanded into one column per unit of capacity, solved densely by linear_sum_assignment."""
    from scipy.optimize import linear_sum_assignment

    columns = []
    for h in helpers:
        for k in range(max(h.capacity, 0)):
            columns.append(dataclasses.replace(h, load=h.load + k))
    worth = np.zeros((len(needs), len(columns) + len(needs)), dtype=np.int64)
    for i, n in enumerate(needs):
        for c, h in enumerate(columns):
            s = score(n, h, zones)
            worth[i, c] = max(s.total, 0) if s else 0
    r, c = linear_sum_assignment(worth, maximize=True)
    return int(worth[r, c].sum())


@pytest.mark.parametrize("seed", range(4))
def test_the_optimum_equals_a_dense_solver_on_medium_queues(seed):
    rng = random.Random(seed)
    zones = Zones({f"z{k}": [f"z{k + 1}"] for k in range(7)})
    names = [f"z{k}" for k in range(8)] + [""]
    cats = ("food", "income", "transport", "housing")

    def windows():
        if rng.random() < 0.4:
            return ()
        starts = [rng.randrange(0, 40) * 30 for _ in range(rng.randint(1, 3))]
        return tuple(Window(rng.randrange(3), s, min(s + rng.choice((60, 120, 180)), 1440)) for s in starts)

    needs = [Need(id=f"r{k}", category=rng.choice(cats), zone=rng.choice(names),
                  urgency=rng.choice(("today", "days", "week", "anytime")),
                  languages=frozenset(rng.sample(("en", "es", "zh"), rng.randint(0, 1))),
                  access_needs=frozenset(rng.sample(("wheelchair", "delivery"), rng.randint(0, 1))),
                  windows=windows()) for k in range(120)]
    helpers = [Helper(id=f"h{k}", categories=frozenset(rng.sample(cats, rng.randint(1, 2))), zone=rng.choice(names),
                      languages=frozenset(rng.sample(("en", "es", "zh"), rng.randint(0, 2))),
                      access_provides=frozenset(rng.sample(("wheelchair", "delivery"), rng.randint(0, 2))),
                      windows=windows(), capacity=rng.choice((0, 1, 1, 2, 3, 8)), load=rng.randint(0, 3))
               for k in range(50)]
    expected = dense_optimum(needs, helpers, zones)
    for per_need in (1, 3, 8):
        assert optimal_table(Table(needs, helpers, zones), per_need=per_need).total == expected
    assert assign(needs, helpers, zones, method="greedy").total <= expected


def dense_from_table(table: Table) -> int:
    """The exact optimum from the score matrices (equal to `score`, as tested elsewhere), solved densely."""
    from scipy.optimize import linear_sum_assignment

    columns = [(j, k) for j in range(len(table.helpers)) for k in range(int(table.capacity[j]))]
    where = {c: x for x, c in enumerate(columns)}
    worth = np.zeros((len(table.needs), len(columns) + len(table.needs)), dtype=np.int64)
    for b in table.blocks:
        for c, j in enumerate(b.cols.tolist()):
            for k in range(int(table.capacity[j])):
                drop = int(table.increments(np.array([j]), np.array([k]))[0])
                worth[b.rows, where[j, k]] = np.maximum(b.scores[:, c].astype(np.int64) - drop, 0)
    r, c = linear_sum_assignment(worth, maximize=True)
    return int(worth[r, c].sum())


@pytest.mark.parametrize("seed", range(2))
def test_the_optimum_equals_a_dense_solver_on_a_queue_of_hundreds(seed):
    rng = random.Random(100 + seed)
    zones = Zones({f"z{k}": [f"z{k + 1}", f"z{k + 5}"] for k in range(20)})
    names = [f"z{k}" for k in range(25)]
    cats = ("food", "income", "transport", "housing", "childcare")
    needs = [Need(id=f"r{k:03d}", category=rng.choice(cats), zone=rng.choice(names),
                  urgency=rng.choice(("today", "days", "week", "anytime")),
                  languages=frozenset(rng.sample(("en", "es", "zh", "ar"), rng.randint(0, 1))),
                  access_needs=frozenset(rng.sample(("wheelchair", "delivery"), rng.choice((0, 0, 0, 1)))),
                  windows=tuple(Window(rng.randrange(7), (s := rng.randrange(16, 40) * 30), s + 120)
                                for _ in range(rng.choice((0, 1, 2)))))
             for k in range(600)]
    helpers = [Helper(id=f"h{k:03d}", categories=frozenset(rng.sample(cats, rng.randint(1, 2))),
                      zone=rng.choice(names), languages=frozenset(rng.sample(("en", "es", "zh", "ar"), rng.randint(1, 2))),
                      access_provides=frozenset(rng.sample(("wheelchair", "delivery"), rng.randint(0, 2))),
                      windows=tuple(Window(rng.randrange(7), (s := rng.randrange(30, 40) * 30), s + 180)
                                    for _ in range(rng.choice((0, 2, 4)))),
                      capacity=rng.choice((0, 1, 1, 1, 2, 3, 12)), load=rng.randint(0, 4))
               for k in range(250)]
    table = Table(needs, helpers, zones)
    expected = dense_from_table(table)
    for per_need in (1, 4, methods.PER_NEED):
        out = optimal_table(table, per_need=per_need)
        assert out.total == expected
        assert out == optimal_table(Table(reversed(needs), reversed(helpers), zones), per_need=per_need)
