"""Satisfaction measures and tie-breaking orders, shared by the rules.

Satisfactions follow pabutools 1.2.3:
- `cost`: a project's cost if the ballot mentions it (Cost_Sat);
- `cardinality`: 1 if the ballot mentions it (Cardinality_Sat);
- `points`: the points the ballot gives it (Additive_Cardinal_Sat; cumulative and scoring only);
- `borda`: ballot length minus position minus 1, so the last-ranked project scores 0
  (Additive_Borda_Sat; ordinal only).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from itertools import chain

import numpy as np

from .model import APPROVAL_KINDS, CARDINAL_KINDS, ORDINAL, Election

SATISFACTIONS = ("cost", "cardinality", "points", "borda")
TIE_BREAKS = ("lexico", "equalshares")


class UnknownOption(ValueError):
    """A rule, satisfaction, completion or tie-breaking name that does not exist or does not apply."""


def default_sat(kind: str) -> str:
    if kind in APPROVAL_KINDS:
        return "cost"
    if kind in CARDINAL_KINDS:
        return "points"
    return "borda"


@dataclass(frozen=True)
class Prepared:
    """An election as the rules use it: projects by index, ballots as {index: satisfaction}.

    The ballots have two forms, each built from the other on first use: flat arrays (`entries`,
    what `prepare` makes for approval ballots) and per-ballot dicts (`voters`, for the others)."""

    ids: tuple[str, ...]
    costs: tuple[Fraction, ...]
    budget: Fraction
    num_voters: int
    rank: tuple[int, ...]  # tie-breaking rank per project index (lower wins)
    sat: str
    supporters: tuple[int, ...]  # voters whose ballot mentions each project

    @cached_property
    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(count per distinct ballot, its number of projects, all their indices), int64 arrays."""
        voters = self.voters
        counts = np.fromiter((count for count, _ in voters), dtype=np.int64, count=len(voters))
        lens = np.fromiter((len(sats) for _, sats in voters), dtype=np.int64, count=len(voters))
        cols = np.fromiter(chain.from_iterable(sats for _, sats in voters), dtype=np.int64,
                           count=int(lens.sum()))
        return counts, lens, cols

    @cached_property
    def voters(self) -> tuple[tuple[int, dict], ...]:
        """(count, {project index: satisfaction}) per distinct ballot."""
        counts, lens, cols = self.entries
        unit = self.costs if self.sat == "cost" else [1] * len(self.ids)
        flat = cols.tolist()
        voters = []
        at = 0
        for count, n in zip(counts.tolist(), lens.tolist()):
            voters.append((count, {j: unit[j] for j in flat[at:at + n]}))
            at += n
        return tuple(voters)


def prepare(election: Election, *, sat: str | None = None, tie_break: str = "lexico") -> Prepared:
    kind = election.kind
    sat = sat or default_sat(kind)
    if sat not in SATISFACTIONS:
        raise UnknownOption(f"unknown satisfaction {sat!r}; expected one of {', '.join(SATISFACTIONS)}")
    if sat == "points" and kind not in CARDINAL_KINDS:
        raise UnknownOption(f"satisfaction 'points' needs cumulative or scoring ballots, not {kind}")
    if sat == "borda" and kind != ORDINAL:
        raise UnknownOption(f"satisfaction 'borda' needs ordinal ballots, not {kind}")
    if tie_break not in TIE_BREAKS:
        raise UnknownOption(f"unknown tie-break {tie_break!r}; expected one of {', '.join(TIE_BREAKS)}")
    ids = tuple(p.id for p in election.projects)
    index = {pid: i for i, pid in enumerate(ids)}
    # integral values as ints: int arithmetic is many times faster than Fraction arithmetic
    costs = tuple(_small(p.cost) for p in election.projects)
    profile = election.ballots
    voters = []
    if kind in APPROVAL_KINDS:  # every count below runs in C
        ballots = [ballot for ballot, _ in profile.ballots]
        counts = np.fromiter((count for _, count in profile.ballots), dtype=np.int64, count=len(ballots))
        lens = np.fromiter(map(len, ballots), dtype=np.int64, count=len(ballots))
        cols = np.fromiter(map(index.__getitem__, chain.from_iterable(ballots)), dtype=np.int64,
                           count=int(lens.sum()))
        # weights are voter counts, far below 2**53: the float sums are exact
        supporters = [int(x) for x in np.bincount(cols, weights=np.repeat(counts, lens), minlength=len(ids))]
    else:
        supporters = [0] * len(ids)
        cost_of = {pid: costs[j] for pid, j in index.items()}
        for ballot, count in profile.ballots:
            if kind in CARDINAL_KINDS:
                if sat == "points":
                    sats = {index[pid]: _small(points) for pid, points in ballot}
                elif sat == "cost":
                    sats = {index[pid]: cost_of[pid] for pid, _ in ballot}
                else:
                    sats = {index[pid]: 1 for pid, _ in ballot}
            else:
                n = len(ballot)
                sats = {index[pid]: n - pos - 1 for pos, pid in enumerate(ballot)}
            for j in sats:
                supporters[j] += count
            voters.append((count, sats))
    if tie_break == "lexico":
        order = sorted(range(len(ids)), key=lambda j: ids[j])
    else:
        order = sorted(range(len(ids)), key=lambda j: (costs[j], -supporters[j], ids[j]))
    rank = [0] * len(ids)
    for r, j in enumerate(order):
        rank[j] = r
    prep = Prepared(ids=ids, costs=costs, budget=_small(election.budget), num_voters=profile.num_voters,
                    rank=tuple(rank), sat=sat, supporters=tuple(supporters))
    # the form made here is the cached property's value; the other is built when first read
    if kind in APPROVAL_KINDS:
        prep.__dict__["entries"] = (counts, lens, cols)
    else:
        prep.__dict__["voters"] = tuple(voters)
    return prep


def _small(x: Fraction):
    return x.numerator if x.denominator == 1 else x


def total_sats(prep: Prepared) -> list:
    if prep.sat in ("cost", "cardinality"):  # the same satisfaction for every supporter
        return [n * (c if prep.sat == "cost" else 1) for n, c in zip(prep.supporters, prep.costs)]
    totals = [0] * len(prep.ids)
    for count, sats in prep.voters:
        for j, s in sats.items():
            totals[j] += count * s
    return totals


def money(x: Fraction) -> str:
    """A short human-readable amount: integers as is, other values with two decimals."""
    if x.denominator == 1:
        return f"{x.numerator:,}"
    return f"{float(x):,.2f}"
