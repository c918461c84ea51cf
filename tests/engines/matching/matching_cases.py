"""Shared for the matching tests: random small queues (hypothesis) and independent reference answers."""

from __future__ import annotations

import dataclasses
import itertools

from hypothesis import strategies as st

from solidarity.engines.matching import Helper, Need, Window, Zones, score

ZONES = Zones({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"d"}), "d": frozenset({"e"}),
               "lonely": frozenset()})
ZONE_IDS = ("a", "b", "c", "d", "e", "lonely", "off-map", "")
CATS = ("food", "income", "transport")
LANGS = ("en", "es", "zh")
ACCESS = ("wheelchair", "delivery")


@st.composite
def windows(draw, max_size=3):
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        day = draw(st.integers(0, 1))
        start = draw(st.integers(0, 46)) * 30
        out.append(Window(day, start, min(start + draw(st.sampled_from((15, 30, 60, 90, 150, 240))), 1440)))
    return tuple(out)


@st.composite
def needs(draw, n):
    ids = draw(st.lists(st.text("nr0123", min_size=1, max_size=3), min_size=n, max_size=n, unique=True))
    return [Need(id=i, category=draw(st.sampled_from(CATS)), zone=draw(st.sampled_from(ZONE_IDS)),
                 urgency=draw(st.sampled_from(("today", "days", "week", "anytime"))),
                 languages=frozenset(draw(st.lists(st.sampled_from(LANGS), max_size=2))),
                 access_needs=frozenset(draw(st.lists(st.sampled_from(ACCESS), max_size=1))),
                 windows=draw(windows())) for i in ids]


@st.composite
def helpers(draw, n, max_capacity=3):
    ids = draw(st.lists(st.text("hv0123", min_size=1, max_size=3), min_size=n, max_size=n, unique=True))
    return [Helper(id=i, categories=frozenset(draw(st.lists(st.sampled_from(CATS), min_size=1, max_size=2))),
                   zone=draw(st.sampled_from(ZONE_IDS)),
                   languages=frozenset(draw(st.lists(st.sampled_from(LANGS), max_size=2))),
                   access_provides=frozenset(draw(st.lists(st.sampled_from(ACCESS), max_size=2))),
                   windows=draw(windows()), capacity=draw(st.integers(0, max_capacity)),
                   load=draw(st.integers(0, 6))) for i in ids]


@st.composite
def queues(draw, max_needs=6, max_helpers=4, max_capacity=3):
    return (draw(needs(draw(st.integers(0, max_needs)))),
            draw(helpers(draw(st.integers(0, max_helpers)), max_capacity=max_capacity)))


def total_of(pairs, needs_, helpers_, zones=ZONES) -> int:
    """The objective, from the public `score` alone: a helper's k-th new need scores at load + k."""
    by_need = {n.id: n for n in needs_}
    by_helper = {h.id: h for h in helpers_}
    taken: dict[str, int] = {}
    total = 0
    for n, h in pairs:
        k = taken.get(h, 0)
        taken[h] = k + 1
        total += score(by_need[n], dataclasses.replace(by_helper[h], load=by_helper[h].load + k), zones).total
    return total


def brute_force(needs_, helpers_, zones=ZONES) -> int:
    """The best total over every assignment that respects capacity (including leaving needs open)."""
    options = []
    for n in needs_:
        options.append([None] + [h for h in helpers_ if score(n, h, zones) is not None])
    worth: dict[tuple[str, str, int], int] = {}
    best = 0
    for choice in itertools.product(*options):
        used: dict[str, int] = {}
        total = 0
        for n, h in zip(needs_, choice):
            if h is None:
                continue
            k = used.get(h.id, 0)
            used[h.id] = k + 1
            if k >= h.capacity:
                break
            if (n.id, h.id, k) not in worth:
                worth[n.id, h.id, k] = score(n, dataclasses.replace(h, load=h.load + k), zones).total
            total += worth[n.id, h.id, k]
        else:
            best = max(best, total)
    return best
