"""Deterministic need/helper pairs covering every kind of matching reason, for the reason goldens
(`goldens/reasons.json` holds the English phrases the engine gave for them before reasons became
codes; `test_matching_reasons.py` checks they have not changed)."""

from __future__ import annotations

import random

from solidarity.engines.matching import Helper, Need, Window, Zones

ZONES = Zones({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"d"}), "d": frozenset({"e"}),
               "lonely": frozenset()})
ZONE_IDS = ("a", "b", "c", "d", "e", "lonely", "off-map", "")
LANGS = ("en", "es", "zh", "ar", "xx", "ASL", "other")
ACCESS = ("wheelchair", "step-free", "asl", "delivery", "car", "large-print", "quiet", "guide-dog")


def _windows(rng: random.Random) -> tuple[Window, ...]:
    out = []
    for _ in range(rng.randint(0, 3)):
        day = rng.randint(0, 2)
        start = rng.randint(0, 47) * 30
        out.append(Window(day, start, min(start + rng.choice((15, 30, 60, 90, 150, 240, 600)), 1440)))
    if rng.random() < 0.15:  # a window up to midnight and one from midnight: merged across it
        day = rng.randint(0, 5)
        out += [Window(day, 1380, 1440), Window(day + 1, 0, rng.choice((60, 120)))]
    return tuple(out)


def cases(n: int = 400, seed: int = 20261203):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        need = Need(id=f"n{i}", category="food", zone=rng.choice(ZONE_IDS),
                    urgency=rng.choice(("today", "days", "week", "anytime")),
                    languages=frozenset(rng.sample(LANGS, rng.randint(0, 3))),
                    access_needs=frozenset(rng.sample(ACCESS, rng.choice((0, 0, 1, 2, 3)))),
                    windows=_windows(rng))
        helper = Helper(id=f"h{i}", categories=frozenset({"food"}), zone=rng.choice(ZONE_IDS),
                        languages=frozenset(rng.sample(LANGS, rng.randint(0, 3))),
                        access_provides=frozenset(rng.sample(ACCESS, rng.randint(0, 4))),
                        windows=_windows(rng), capacity=rng.randint(1, 3), load=rng.choice((0, 0, 1, 2, 5, 7)))
        out.append((need, helper))
    return out
