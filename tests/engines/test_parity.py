"""Parity with pabutools 1.2.3 through the goldens in tests/engines/goldens (see scripts/pb_goldens.py).

CI never runs pabutools: it compares the engine with these recorded outcomes. Ordered winner lists
must be equal (Phragmén: as sets, since pabutools returns them sorted by id) and total costs equal
as exact rationals. Max-welfare compares the objective: ours must be at least pabutools' value and
equal when every profit is an integer (pabutools' bound is only valid then).

Every golden is compared on every full run (about 140 s in all; marked slow, so
`pytest -m "not slow"` skips them); docs/pb-engine.md has the counts.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from conftest import GOLDENS, election, require_data
from solidarity.engines import pb

CONFIGS = {
    "greedy": ("greedy", None, "none"),
    "equal-shares": ("equal-shares", None, "none"),
    "equal-shares+utilitarian": ("equal-shares", None, "utilitarian"),
    "phragmen": ("phragmen", None, "none"),
    "equal-shares+add1": ("equal-shares", None, "add1"),
    "equal-shares+add1-utilitarian": ("equal-shares", None, "add1-utilitarian"),
    "equal-shares+add1-official": ("equal-shares", None, "add1-official"),
    "greedy-cardinality": ("greedy", "cardinality", "none"),
    "equal-shares-cardinality": ("equal-shares", "cardinality", "none"),
    "max-welfare": ("max-welfare", None, "none"),
}


def _golden(config: str) -> dict:
    path = GOLDENS / f"{config}.json"
    if not path.exists():
        pytest.fail(f"missing golden file {path}; run `make goldens`")
    return json.loads(path.read_text(encoding="utf-8"))


def _frac(x: Fraction) -> str:
    return f"{x.numerator}/{x.denominator}"


def test_goldens_cover_every_small_shared_file():
    """Every shared file under 150 KB has a golden for greedy, MES and MES+greedy; approval ones for Phragmén."""
    data = require_data()
    import csv

    with open(data / "MANIFEST.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if int(r["bytes"]) < 150_000]
    assert len(rows) == 1259
    approval = {r["file"] for r in rows if r["vote_type"] in ("approval", "choose-1")}
    for config in ("greedy", "equal-shares", "equal-shares+utilitarian", "phragmen"):
        results = _golden(config)["results"]
        expected = approval if config == "phragmen" else {r["file"] for r in rows}
        missing = sorted(expected - set(results))
        skipped = sorted(f for f in expected & set(results) if "skipped" in results[f])
        assert missing == [] and skipped == [], (config, missing[:5], skipped[:5])


@pytest.mark.slow  # every golden of the configuration: up to 80 s
@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_engine_matches_pabutools(config):
    golden = _golden(config)
    assert golden["pabutools"] == "1.2.3"
    rule, sat, completion = CONFIGS[config]
    mismatches = []
    compared = 0
    skipped = 0
    for name, expected in sorted(golden["results"].items()):
        if "skipped" in expected:
            skipped += 1
            continue
        out = pb.count(rule, election(name), sat=sat, completion=completion)
        compared += 1
        if config == "max-welfare":
            ours = out.details["objective"]
            theirs = Fraction(expected["objective"])
            if ours < theirs or (ours != theirs and all(
                    p.cost.denominator == 1 for p in election(name).projects)):
                mismatches.append((name, str(ours), expected["objective"]))
            continue
        winners = list(out.winners)
        want = expected["winners"]
        if config == "phragmen":
            winners, want = sorted(winners), sorted(want)
        if winners != want or _frac(out.total_cost) != expected["total_cost"]:
            mismatches.append((name, winners, want))
    assert compared > 0 or skipped > 0
    assert mismatches == [], f"{len(mismatches)} of {compared} differ, e.g. {mismatches[:3]}"


def test_add1_official_reproduces_the_three_real_equal_shares_elections():
    for name in ("Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb", "Poland_Wieliczka_2023_Green_Budget.pb"):
        e = election(name)
        selected = {p.id for p in e.projects if p.meta.get("selected") == "1"}
        out = pb.count("equal-shares", e, completion="add1-official")
        assert set(out.winners) == selected, name


def test_add1_jumps_give_the_same_outcome_as_unit_steps():
    """The certified jumps skip increments without changing the add1 outcome."""
    from solidarity.engines.pb.rules.equal_shares import equal_shares_add1, equal_shares_add1_official
    from solidarity.engines.pb.satisfaction import prepare

    for name in ("Netherlands_Assen_2024.pb", "Poland_Gdynia_2020_Leszczynki__small.pb"):
        prep = prepare(election(name))
        fast, k1 = equal_shares_add1(prep)
        slow, k2 = equal_shares_add1(prep, jump=False)
        assert (fast.chosen, k1) == (slow.chosen, k2)
        fast, k1 = equal_shares_add1_official(prep)
        slow, k2 = equal_shares_add1_official(prep, jump=False)
        assert fast.chosen == slow.chosen
