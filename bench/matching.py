"""Time the matching engine on a large seeded queue and print the optimum against the greedy baseline.

    .venv/bin/python bench/matching.py [--needs 10000] [--helpers 5000] [--zones 40] [--seed 1] [--json]

Generates a realistic open queue: about ten categories with uneven demand and supply, a grid of
zones with a few needs of unknown zone, requesters and helpers speaking English, Spanish and a few
other languages, access needs (wheelchair, step-free, ASL, delivery), weekly windows on the half
hour, and helpers of capacity 1 to 30 with some current load. Times `assign(method="optimal")` and
`assign(method="greedy")` end to end (building every score included) and prints both totals, their
ratio, how many needs each matched and how long each took (wall and CPU), and how long scoring every
pair takes on its own. Not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from solidarity.engines.matching import Helper, Need, Window, Zones, assign  # noqa: E402
from solidarity.engines.matching.table import Table  # noqa: E402

NEED_CATEGORIES = {"food": 25, "housing": 12, "cash": 14, "transport": 10, "health": 8, "childcare": 8,
                   "jobs": 7, "eldercare": 6, "disability": 5, "other": 5}
HELPER_CATEGORIES = {"food": 30, "transport": 18, "childcare": 8, "eldercare": 8, "other": 8, "jobs": 8,
                     "health": 6, "cash": 6, "housing": 4, "disability": 4}
NEED_LANGUAGES = {"en": 55, "es": 30, "zh": 5, "ar": 4, "ht": 3, "ru": 3}
HELPER_LANGUAGES = {"es": 30, "zh": 4, "ar": 3, "ht": 2, "ru": 3, "fr": 5}
NEED_ACCESS = {"wheelchair": 0.08, "step-free": 0.04, "asl": 0.02, "delivery": 0.15}
HELPER_ACCESS = {"wheelchair": 0.25, "step-free": 0.30, "asl": 0.03, "delivery": 0.40}
URGENCY = {"today": 10, "days": 25, "week": 30, "anytime": 35}


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def grid_zones(count: int) -> Zones:
    width = max(1, round(count ** 0.5 * 1.25))
    names = [f"z{k:02d}" for k in range(count)]
    near: dict[str, set[str]] = {z: set() for z in names}
    for k, z in enumerate(names):
        if (k + 1) % width and k + 1 < count:
            near[z].add(names[k + 1])
        if k + width < count:
            near[z].add(names[k + width])
    return Zones({z: frozenset(n) for z, n in near.items()})


def window(rng: random.Random, *, evening: bool) -> Window:
    day = rng.randrange(7)
    if evening and day < 5:
        start = rng.choice((17, 17.5, 18, 18.5, 19))
    else:
        start = rng.choice([h / 2 for h in range(16, 41)])  # 8:00 to 20:00
    hours = rng.choice((1, 1.5, 2, 2, 3, 4))
    s = int(start * 60)
    return Window(day, s, min(s + int(hours * 60), 1440))


def generate(n_needs: int, n_helpers: int, n_zones: int, seed: int):
    rng = random.Random(seed)
    zones = grid_zones(n_zones)
    names = sorted(zones.neighbours)
    needs = []
    for k in range(n_needs):
        langs = set()
        if rng.random() < 0.6:
            langs.add(pick(rng, NEED_LANGUAGES))
            if rng.random() < 0.15:
                langs.add("en")
        needs.append(Need(
            id=f"r{k:05d}", category=pick(rng, NEED_CATEGORIES),
            zone="" if rng.random() < 0.03 else rng.choice(names), urgency=pick(rng, URGENCY),
            languages=frozenset(langs),
            access_needs=frozenset(a for a, p in NEED_ACCESS.items() if rng.random() < p),
            windows=() if rng.random() < 0.45 else tuple(window(rng, evening=False) for _ in range(rng.randint(1, 3))),
        ))
    helpers = []
    for k in range(n_helpers):
        cats = {pick(rng, HELPER_CATEGORIES) for _ in range(rng.choice((1, 1, 2, 2, 3)))}
        langs = {"en"} if rng.random() < 0.9 else set()
        langs |= {x for x, p in HELPER_LANGUAGES.items() if rng.random() < p / 100}
        if not langs:
            langs.add("es")
        capacity = rng.choices((0, 1, 2, 3, 5, rng.randint(10, 30)), weights=(5, 50, 23, 10, 8, 4))[0]
        helpers.append(Helper(
            id=f"h{k:05d}", categories=frozenset(cats), zone=rng.choice(names), languages=frozenset(langs),
            access_provides=frozenset(a for a, p in HELPER_ACCESS.items() if rng.random() < p),
            windows=() if rng.random() < 0.25 else tuple(window(rng, evening=True) for _ in range(rng.randint(2, 6))),
            capacity=capacity, load=0 if rng.random() < 0.6 else rng.randint(1, 4),
        ))
    return zones, needs, helpers


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--needs", type=int, default=10_000)
    ap.add_argument("--helpers", type=int, default=5_000)
    ap.add_argument("--zones", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    zones, needs, helpers = generate(args.needs, args.helpers, args.zones, args.seed)
    slots = sum(max(h.capacity, 0) for h in helpers)
    t0 = time.perf_counter()
    table = Table(needs, helpers, zones)
    scoring = {"seconds": round(time.perf_counter() - t0, 3), "pairs": sum(b.scores.size for b in table.blocks)}
    del table
    runs = {}
    for method in ("greedy", "optimal"):
        t0, c0 = time.perf_counter(), time.process_time()
        out = assign(needs, helpers, zones, method=method)
        runs[method] = {"seconds": round(time.perf_counter() - t0, 3), "cpu_seconds": round(time.process_time() - c0, 3),
                        "total": out.total, "matched": len(out.pairs), "unmatched": len(out.unmatched)}
    load = round(os.getloadavg()[0], 2)
    ratio = runs["optimal"]["total"] / runs["greedy"]["total"] if runs["greedy"]["total"] else float("inf")
    if args.json:
        print(json.dumps({"needs": len(needs), "helpers": len(helpers), "capacity": slots, "zones": args.zones,
                          "seed": args.seed, "ratio": round(ratio, 4), "scoring": scoring, "load_average": load,
                          **runs}, indent=1))
        return 0
    print(f"{len(needs):,} needs, {len(helpers):,} helpers with room for {slots:,}, {args.zones} zones, seed {args.seed}")
    print(f"{'method':8} {'total score':>12} {'matched':>8} {'open':>6} {'seconds':>8} {'cpu s':>6}")
    for method, r in runs.items():
        print(f"{method:8} {r['total']:12,} {r['matched']:8,} {r['unmatched']:6,} {r['seconds']:8.2f} "
              f"{r['cpu_seconds']:6.2f}")
    print(f"optimal / greedy total: {ratio:.4f} ({runs['optimal']['total'] - runs['greedy']['total']:+,})")
    print(f"(both times include scoring all {scoring['pairs']:,} pairs that share a category: "
          f"{scoring['seconds']:.2f} s on its own; the optimum's also includes importing SciPy)")
    print(f"load average {load} on {os.cpu_count()} cores: the machine is shared, so wall time varies; "
          "cpu s counts both cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
