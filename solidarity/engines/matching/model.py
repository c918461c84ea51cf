"""Plain data for mutual-aid matching: needs, helpers, time windows, zones and results.

Everything is immutable. Constructors accept lists and sets where a frozenset or tuple is declared
(an adapter can pass what the ORM gives it) and raise `MatchingError` for values no one could act on.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# The shared category vocabulary (solidarity/core/categories.py), which mutual aid offers a subset of.
CATEGORIES = ("housing", "food", "health", "disability", "childcare", "eldercare", "income", "transport", "jobs",
              "safety", "environment", "other")
URGENCIES = ("today", "days", "week", "anytime")  # index 0 most urgent
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MINUTES_PER_DAY = 1440


class MatchingError(ValueError):
    """Input the engine cannot use, in a sentence a coordinator or an adapter author can act on."""


class UnknownMethod(MatchingError):
    def __init__(self, method: str, known: list[str]):
        super().__init__(f"unknown method {method!r}; expected one of {', '.join(known)}")
        self.method = method
        self.known = known


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _strings(owner: str, name: str, value: object) -> frozenset[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise MatchingError(f"{owner}: {name} must be a list of strings, not {value!r}")
    items = frozenset(value)
    for item in items:
        if not isinstance(item, str) or not item:
            raise MatchingError(f"{owner}: {name} must hold non-empty strings, not {item!r}")
    return items


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_WINDOW = re.compile(r"^\s*([A-Za-z]{3})[a-z]*\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True, order=True)
class Window:
    """A weekly time window: `day` 0=Monday..6=Sunday, `start` and `end` in minutes from midnight."""

    day: int
    start: int
    end: int

    def __post_init__(self) -> None:
        if not (_is_int(self.day) and _is_int(self.start) and _is_int(self.end)):
            raise MatchingError(f"a time window needs whole numbers, not {self.day!r}, {self.start!r}, {self.end!r}")
        if not 0 <= self.day <= 6:
            raise MatchingError(f"a time window's day must be 0 (Monday) to 6 (Sunday), not {self.day}")
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise MatchingError(f"a time window must run forward within one day (0 to 1440 minutes), "
                                f"not {self.start} to {self.end}")

    @classmethod
    def parse(cls, text: str) -> Window:
        """`Window.parse("Tue 18:00-20:00")`; "24:00" is the end of the day."""
        m = _WINDOW.match(text) if isinstance(text, str) else None
        day = DAYS.index(m.group(1).title()) if m and m.group(1).title() in DAYS else None
        if m is None or day is None:
            raise MatchingError(f"cannot read the time window {text!r}; write it like 'Tue 18:00-20:00'")
        h1, m1, h2, m2 = (int(m.group(i)) for i in range(2, 6))
        if m1 > 59 or m2 > 59:
            raise MatchingError(f"cannot read the time window {text!r}; minutes run from 00 to 59")
        return cls(day, h1 * 60 + m1, h2 * 60 + m2)

    def __str__(self) -> str:
        return f"{DAYS[self.day]} {_clock(self.start)}-{_clock(self.end)}"


def _windows(owner: str, value: object) -> tuple[Window, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise MatchingError(f"{owner}: windows must be a list of time windows, not {value!r}")
    items = tuple(value)
    for w in items:
        if not isinstance(w, Window):
            raise MatchingError(f"{owner}: windows must hold Window values, not {w!r}")
    return items


def _id(kind: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise MatchingError(f"a {kind} needs a non-empty string id, not {value!r}")
    return value


@dataclass(frozen=True)
class Need:
    """A request for help. Empty `languages` means any language; empty `windows` means any time."""

    id: str
    category: str
    zone: str
    urgency: str = "anytime"
    languages: frozenset[str] = frozenset()
    access_needs: frozenset[str] = frozenset()
    windows: tuple[Window, ...] = ()

    def __post_init__(self) -> None:
        who = f"need {_id('need', self.id)!r}"
        if self.category not in CATEGORIES:
            raise MatchingError(f"{who}: unknown category {self.category!r}; expected one of {', '.join(CATEGORIES)}")
        if not isinstance(self.zone, str):
            raise MatchingError(f"{who}: zone must be a string (\"\" when unknown), not {self.zone!r}")
        if self.urgency not in URGENCIES:
            raise MatchingError(f"{who}: unknown urgency {self.urgency!r}; expected one of {', '.join(URGENCIES)}")
        object.__setattr__(self, "languages", _strings(who, "languages", self.languages))
        object.__setattr__(self, "access_needs", _strings(who, "access_needs", self.access_needs))
        object.__setattr__(self, "windows", _windows(who, self.windows))


@dataclass(frozen=True)
class Helper:
    """An offer or a volunteer. `capacity` is how many more needs it can take now (capacity minus
    current load); `load` is how many it already carries."""

    id: str
    categories: frozenset[str]
    zone: str
    languages: frozenset[str] = frozenset()
    access_provides: frozenset[str] = frozenset()
    windows: tuple[Window, ...] = ()
    capacity: int = 1
    load: int = 0

    def __post_init__(self) -> None:
        who = f"helper {_id('helper', self.id)!r}"
        categories = _strings(who, "categories", self.categories)
        unknown = sorted(categories - set(CATEGORIES))
        if unknown:
            raise MatchingError(f"{who}: unknown categor{'ies' if len(unknown) > 1 else 'y'} "
                                f"{', '.join(map(repr, unknown))}; expected some of {', '.join(CATEGORIES)}")
        object.__setattr__(self, "categories", categories)
        if not isinstance(self.zone, str):
            raise MatchingError(f"{who}: zone must be a string (\"\" when unknown), not {self.zone!r}")
        object.__setattr__(self, "languages", _strings(who, "languages", self.languages))
        object.__setattr__(self, "access_provides", _strings(who, "access_provides", self.access_provides))
        object.__setattr__(self, "windows", _windows(who, self.windows))
        if not _is_int(self.capacity):
            raise MatchingError(f"{who}: capacity must be a whole number, not {self.capacity!r}")
        if not _is_int(self.load) or self.load < 0:
            raise MatchingError(f"{who}: load must be a whole number of needs, 0 or more, not {self.load!r}")


@dataclass(frozen=True)
class Zones:
    """Coarse geography: an undirected adjacency between zone ids. A zone listed on one side only
    is still a neighbour of the other; a zone missing from the map is reachable only from itself."""

    neighbours: Mapping[str, frozenset[str]] = field(default_factory=dict)
    _hops: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.neighbours, Mapping):
            raise MatchingError(f"zones must map each zone id to its neighbours, not {self.neighbours!r}")
        both: dict[str, set[str]] = {}
        for zone, near in self.neighbours.items():
            if not isinstance(zone, str) or not zone:
                raise MatchingError(f"a zone id must be a non-empty string, not {zone!r}")
            for other in _strings(f"zone {zone!r}", "neighbours", near):
                if other != zone:
                    both.setdefault(zone, set()).add(other)
                    both.setdefault(other, set()).add(zone)
            both.setdefault(zone, set())
        object.__setattr__(self, "neighbours", MappingProxyType({z: frozenset(n) for z, n in sorted(both.items())}))

    def hops_from(self, zone: str) -> Mapping[str, int]:
        """Hops from `zone` to every zone reachable from it (itself at 0); empty for the unknown zone ""."""
        if not zone:
            return {}
        found = self._hops.get(zone)
        if found is None:
            found = {zone: 0}
            queue = deque([zone])
            while queue:
                here = queue.popleft()
                for there in self.neighbours.get(here, ()):
                    if there not in found:
                        found[there] = found[here] + 1
                        queue.append(there)
            self._hops[zone] = found
        return found

    def distance(self, a: str, b: str) -> int | None:
        """Hops between two zones; None when either is unknown ("") or they are not connected."""
        return self.hops_from(a).get(b) if b else None


@dataclass(frozen=True)
class Score:
    total: int  # higher is better
    parts: Mapping[str, int]  # category, urgency, distance, language, time, access, load
    reasons: tuple  # of reasons.Reason: what tells this helper apart, as codes and exact figures

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", MappingProxyType(dict(self.parts)))
        object.__setattr__(self, "reasons", tuple(self.reasons))

    @property
    def explanations(self) -> tuple[str, ...]:
        """The reasons as short plain-English phrases for a coordinator ("same zone", ...)."""
        from .reasons import english  # reasons.py imports this module

        return tuple(english(r) for r in self.reasons)


@dataclass(frozen=True)
class Suggestion:
    helper_id: str
    score: Score


@dataclass(frozen=True)
class Assignment:
    pairs: tuple[tuple[str, str], ...]  # (need id, helper id), in queue order: most urgent first, then by need id
    total: int
    unmatched: tuple[str, ...]  # need ids, in queue order
    method: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "pairs", tuple((n, h) for n, h in self.pairs))
        object.__setattr__(self, "unmatched", tuple(self.unmatched))
