"""Plain data for participatory budgeting: projects, ballots, a compact profile and an election.

Everything here is immutable and exact: costs, budgets and points are `Fraction`s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from operator import itemgetter
from types import MappingProxyType
from typing import Union

APPROVAL = "approval"
CHOOSE_1 = "choose-1"
CUMULATIVE = "cumulative"
SCORING = "scoring"
ORDINAL = "ordinal"
KINDS = (APPROVAL, CHOOSE_1, CUMULATIVE, SCORING, ORDINAL)
CARDINAL_KINDS = (CUMULATIVE, SCORING)
APPROVAL_KINDS = (APPROVAL, CHOOSE_1)

# META keys that restate the fields of an Election; equality ignores them.
DERIVED_META = ("budget", "vote_type", "num_projects", "num_votes")

Number = Union[int, str, Decimal, Fraction]

# A ballot is a tuple. Approval and choose-1: project ids, sorted (a set). Ordinal: project ids,
# most preferred first. Cumulative and scoring: (project id, points) pairs sorted by id.
Ballot = tuple


def exact(value: Number) -> Fraction:
    """An exact value from an int, Decimal, Fraction or decimal string ("2458488.22", "1,5")."""
    if isinstance(value, float):
        raise TypeError("floats are not exact; pass a str, int, Decimal or Fraction")
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    return Fraction(value)


def _frozen_meta(meta: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(meta or {}))


@dataclass(frozen=True)
class Project:
    id: str
    cost: Fraction
    name: str = ""
    meta: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cost", exact(self.cost))
        object.__setattr__(self, "meta", _frozen_meta(self.meta))
        if self.cost < 0:
            raise ValueError(f"project {self.id!r} has a negative cost")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Project):
            return NotImplemented
        return (self.id, self.cost, self.name, dict(self.meta)) == (
            other.id, other.cost, other.name, dict(other.meta))

    def __hash__(self) -> int:
        return hash((self.id, self.cost))


def approval_ballot(ids: Iterable[str]) -> Ballot:
    return tuple(sorted(set(ids)))


def ordinal_ballot(ids: Iterable[str]) -> Ballot:
    """Keeps the first position of a repeated id, as pabutools does."""
    return tuple(dict.fromkeys(ids))


def cardinal_ballot(pairs: Iterable[tuple[str, Number]]) -> Ballot:
    """Keeps the last points of a repeated id, as pabutools does."""
    points: dict[str, Fraction] = {}
    for pid, value in pairs:
        points[pid] = exact(value)
    return tuple(sorted(points.items()))


def canonical_ballot(kind: str, ballot: Iterable) -> Ballot:
    if kind in APPROVAL_KINDS:
        return approval_ballot(ballot)
    if kind == ORDINAL:
        return ordinal_ballot(ballot)
    if kind in CARDINAL_KINDS:
        items = ballot.items() if isinstance(ballot, Mapping) else ballot
        return cardinal_ballot(items)
    raise ValueError(f"unknown ballot kind {kind!r}; expected one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class Profile:
    """Ballots of one kind; identical ballots are stored once with their count.

    `ballots` is sorted, so two profiles with the same multiset of ballots are equal whatever
    the order in which voters were read.
    """

    kind: str
    ballots: tuple[tuple[Ballot, int], ...]

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown ballot kind {self.kind!r}; expected one of {', '.join(KINDS)}")

    @classmethod
    def from_counts(cls, counts: Mapping | Iterable, *, kind: str = APPROVAL) -> Profile:
        items = counts.items() if isinstance(counts, Mapping) else counts
        merged: dict[Ballot, int] = {}
        for ballot, count in items:
            if count < 0:
                raise ValueError("a ballot count cannot be negative")
            key = canonical_ballot(kind, ballot)
            merged[key] = merged.get(key, 0) + int(count)
        return cls(kind=kind, ballots=tuple(sorted((b, c) for b, c in merged.items() if c)))

    @classmethod
    def from_ballots(cls, ballots: Iterable, *, kind: str = APPROVAL) -> Profile:
        return cls.from_counts(((b, 1) for b in ballots), kind=kind)

    @property
    def num_voters(self) -> int:
        return sum(c for _, c in self.ballots)

    def __len__(self) -> int:
        return self.num_voters

    def ids(self, ballot: Ballot) -> tuple[str, ...]:
        """Project ids appearing in a ballot (ordinal: in rank order)."""
        if self.kind in CARDINAL_KINDS:
            return tuple(pid for pid, _ in ballot)
        return ballot

    def named(self) -> set[str]:
        """Every project id that some ballot mentions."""
        if self.kind in CARDINAL_KINDS:
            return {pid for ballot, _ in self.ballots for pid, _ in ballot}
        return set(chain.from_iterable(map(itemgetter(0), self.ballots)))

    def supporters(self) -> dict[str, int]:
        """Number of voters whose ballot mentions each project."""
        out: dict[str, int] = {}
        for ballot, count in self.ballots:
            for pid in self.ids(ballot):
                out[pid] = out.get(pid, 0) + count
        return out


@dataclass(frozen=True)
class Election:
    budget: Fraction
    projects: tuple[Project, ...]
    ballots: Profile
    meta: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "budget", exact(self.budget))
        object.__setattr__(self, "projects", tuple(self.projects))
        object.__setattr__(self, "meta", _frozen_meta(self.meta))
        ids = [p.id for p in self.projects]
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"duplicate project ids: {', '.join(dup)}")
        if self.budget < 0:
            raise ValueError("the budget cannot be negative")
        named = self.ballots.named()
        if not named.issubset(ids):
            raise ValueError(f"a ballot names unknown project {min(named.difference(ids))!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Election):
            return NotImplemented
        return (self.budget, self.projects, self.ballots, self._free_meta()) == (
            other.budget, other.projects, other.ballots, other._free_meta())

    def _free_meta(self) -> dict[str, str]:
        """Meta without the keys a writer derives from the fields (budget, vote type, sizes)."""
        return {k: v for k, v in self.meta.items() if k not in DERIVED_META}

    def __hash__(self) -> int:
        return hash((self.budget, self.projects, self.ballots))

    @property
    def profile(self) -> Profile:
        return self.ballots

    @property
    def kind(self) -> str:
        return self.ballots.kind

    @property
    def num_voters(self) -> int:
        return self.ballots.num_voters

    def project(self, pid: str) -> Project:
        for p in self.projects:
            if p.id == pid:
                return p
        raise KeyError(pid)
