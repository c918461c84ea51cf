"""Scoring one helper against one need, ranking suggestions, and the plain data behind them."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings

from matching_cases import ZONES, queues
from solidarity.engines.matching import (CATEGORIES, URGENCIES, Helper, MatchingError, Need, Score, Window, Zones,
                                         score, suggest)
from solidarity.engines.matching import scoring as w
from solidarity.engines.matching import table as table_module
from solidarity.engines.matching.table import Table

PARTS = {"category", "urgency", "distance", "language", "time", "access", "load"}
NEED = Need(id="r1", category="food", zone="a")
HELPER = Helper(id="h1", categories=frozenset({"food"}), zone="a")


def test_it_scores_a_plain_fit_from_its_parts():
    s = score(NEED, HELPER, ZONES)
    assert isinstance(s, Score)
    assert set(s.parts) == PARTS
    assert s.total == sum(s.parts.values()) == w.CATEGORY + w.DISTANCE[0] + w.TIME_ANY
    assert s.explanations == ("same zone",)  # nothing about the need alone, which every helper shares


def test_it_gives_no_score_to_a_helper_who_does_not_offer_the_category():
    assert score(NEED, dataclasses.replace(HELPER, categories=frozenset({"income"})), ZONES) is None


@pytest.mark.parametrize("capacity", [0, -2])
def test_it_gives_no_score_to_a_helper_with_no_room_left(capacity):
    assert score(NEED, dataclasses.replace(HELPER, capacity=capacity), ZONES) is None


def test_it_prefers_the_same_zone_then_a_neighbour_then_far_away():
    totals = [score(NEED, dataclasses.replace(HELPER, zone=z), ZONES).total for z in ("a", "b", "c", "d", "e")]
    assert totals == sorted(totals, reverse=True) and totals[0] > totals[1] > totals[2] > totals[3]
    reasons = [score(NEED, dataclasses.replace(HELPER, zone=z), ZONES).explanations[0] for z in ("a", "b", "c", "off-map")]
    assert reasons == ["same zone", "neighbouring zone", "2 zones away", "distance unknown"]
    assert score(dataclasses.replace(NEED, zone=""), HELPER, ZONES).parts["distance"] == w.FAR


def test_it_rewards_a_shared_language_and_penalises_a_missing_one():
    need = dataclasses.replace(NEED, languages=frozenset({"es"}))
    speaks = score(need, dataclasses.replace(HELPER, languages=frozenset({"en", "es"})), ZONES)
    does_not = score(need, dataclasses.replace(HELPER, languages=frozenset({"en"})), ZONES)
    unknown = score(need, HELPER, ZONES)
    assert speaks.parts["language"] == w.LANGUAGE_SHARED and "speaks Spanish" in speaks.explanations
    assert does_not.parts["language"] == w.LANGUAGE_MISSING and "does not speak Spanish" in does_not.explanations
    assert unknown.parts["language"] == w.LANGUAGE_MISSING and "languages unknown, needs Spanish" in unknown.explanations
    assert score(NEED, HELPER, ZONES).parts["language"] == 0  # the requester named no language


def test_it_counts_minutes_of_overlapping_time():
    need = dataclasses.replace(NEED, windows=(Window.parse("Tue 18:00-20:00"),))
    one_hour = score(need, dataclasses.replace(HELPER, windows=(Window.parse("Tue 17:00-19:00"),)), ZONES)
    two_hours = score(need, dataclasses.replace(HELPER, windows=(Window(1, 18 * 60, 21 * 60),)), ZONES)
    never = score(need, dataclasses.replace(HELPER, windows=(Window.parse("Wed 18:00-20:00"),)), ZONES)
    assert one_hour.parts["time"] == 60 // w.TIME_STEP and "free Tue 18:00-19:00" in one_hour.explanations
    assert two_hours.parts["time"] == w.TIME_CAP // w.TIME_STEP and "free Tue 18:00-20:00" in two_hours.explanations
    assert never.parts["time"] == w.TIME_NONE and "no common time" in never.explanations
    assert two_hours.total > one_hour.total >= score(need, HELPER, ZONES).total > never.total
    assert "available any time" in score(need, HELPER, ZONES).explanations


def test_it_merges_overlapping_windows_before_counting():
    need = dataclasses.replace(NEED, windows=(Window.parse("Mon 10:00-11:00"), Window.parse("Mon 10:30-11:00"),
                                              Window.parse("Mon 12:00-12:30")))
    helper = dataclasses.replace(HELPER, windows=(Window.parse("Mon 09:00-13:00"),))
    s = score(need, helper, ZONES)
    assert s.parts["time"] == 90 // w.TIME_STEP
    assert "free Mon 10:00-11:00 (+1 more)" in s.explanations


def test_it_penalises_each_access_need_the_helper_cannot_meet_and_says_so():
    need = dataclasses.replace(NEED, access_needs=frozenset({"wheelchair", "delivery"}))
    s = score(need, dataclasses.replace(HELPER, access_provides=frozenset({"delivery"})), ZONES)
    assert s.parts["access"] == w.ACCESS_MISSING
    assert "delivers" in s.explanations and "no wheelchair access" in s.explanations


def test_it_spreads_work_with_a_small_capped_load_penalty():
    loads = [score(NEED, dataclasses.replace(HELPER, load=k), ZONES).parts["load"] for k in range(8)]
    assert loads == [w.LOAD_STEP * min(k, w.LOAD_CAP) for k in range(8)]
    assert "already helping 2" in score(NEED, dataclasses.replace(HELPER, load=2), ZONES).explanations


def test_it_folds_urgency_into_the_score():
    totals = [score(dataclasses.replace(NEED, urgency=u), HELPER, ZONES).total for u in URGENCIES]
    assert totals == sorted(totals, reverse=True) and len(set(totals)) == 4


def test_suggest_ranks_best_first_breaks_ties_by_id_and_skips_helpers_who_cannot_serve():
    helpers = [dataclasses.replace(HELPER, id="z-same"), dataclasses.replace(HELPER, id="b-near", zone="b"),
               dataclasses.replace(HELPER, id="a-same"), dataclasses.replace(HELPER, id="income", categories={"income"}),
               dataclasses.replace(HELPER, id="full", capacity=0)]
    found = suggest(NEED, helpers, ZONES)
    assert [s.helper_id for s in found] == ["a-same", "z-same", "b-near"]
    assert [s.helper_id for s in suggest(NEED, helpers, ZONES, limit=1)] == ["a-same"]
    assert found[0].score == score(NEED, helpers[2], ZONES)


def test_zones_are_undirected_and_unknown_zones_have_no_distance():
    zones = Zones({"a": ["b"], "c": []})
    assert zones.distance("b", "a") == zones.distance("a", "b") == 1
    assert zones.distance("a", "c") is None and zones.distance("", "") is None
    assert zones.distance("off-map", "off-map") == 0
    assert zones.neighbours["b"] == frozenset({"a"})


@pytest.mark.parametrize("make, message", [
    (lambda: Need(id="r", category="groceries", zone="a"), "unknown category 'groceries'"),
    (lambda: Need(id="r", category="food", zone="a", urgency="now"), "unknown urgency"),
    (lambda: Need(id="", category="food", zone="a"), "non-empty string id"),
    (lambda: Need(id="r", category="food", zone="a", languages="es"), "list of strings"),
    (lambda: Helper(id="h", categories={"fod"}, zone="a"), "unknown category 'fod'"),
    (lambda: Helper(id="h", categories={"food"}, zone="a", load=-1), "load must be"),
    (lambda: Helper(id="h", categories={"food"}, zone="a", capacity=1.5), "capacity must be"),
    (lambda: Window(7, 0, 60), "day must be 0"),
    (lambda: Window(0, 600, 600), "run forward"),
    (lambda: Window(0, 0, 1441), "run forward"),
    (lambda: Window.parse("Tuesday evening"), "write it like 'Tue 18:00-20:00'"),
])
def test_it_refuses_data_no_one_could_act_on(make, message):
    with pytest.raises(MatchingError, match=message):
        make()


def test_window_parse_reads_what_str_writes():
    for text in ("Mon 00:00-24:00", "Sun 09:30-10:15", "Wed 18:00-20:00"):
        assert str(Window.parse(text)) == text
    assert Window.parse("tuesday 9:00-10:00") == Window(1, 540, 600)


def test_the_categories_and_urgencies_are_the_shared_vocabulary():
    assert CATEGORIES == ("housing", "food", "health", "disability", "childcare", "eldercare", "income", "transport",
                          "jobs", "safety", "environment", "other")
    assert URGENCIES == ("today", "days", "week", "anytime")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queues(max_needs=8, max_helpers=8))
def test_the_score_matrices_equal_score_for_every_pair(queue):
    check_matrices(*queue)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queues(max_needs=8, max_helpers=8))
def test_the_score_matrices_equal_score_also_with_many_languages(queue):
    # More languages than fit a bitmask switch to 0/1 matrices; force that path here.
    saved = table_module.BITS_MAX
    table_module.BITS_MAX = 0
    try:
        check_matrices(*queue)
    finally:
        table_module.BITS_MAX = saved


def check_matrices(needs, helpers):
    table = Table(needs, helpers, ZONES)
    seen = set()
    for b in table.blocks:
        for r, i in enumerate(b.rows):
            for c, j in enumerate(b.cols):
                s = score(table.needs[i], table.helpers[j], ZONES)
                assert s is not None and int(b.scores[r, c]) == s.total
                seen.add((int(i), int(j)))
    for i, n in enumerate(table.needs):
        for j, h in enumerate(table.helpers):
            if (i, j) not in seen:
                assert score(n, h, ZONES) is None
