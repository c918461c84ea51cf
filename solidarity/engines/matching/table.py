"""Every score of a queue at once: one integer matrix per category, computed with numpy.

A need has one category, so each (need, helper) pair that has a Score lies in exactly one block:
the block of the need's category, whose columns are the helpers offering it with capacity left.
The totals equal `scoring.score(...).total` exactly (a property test checks this). Overlaps are
computed as matrix products over the week cut at every window boundary; every partial sum is a
whole number of minutes below 2**24, so float32 arithmetic is exact here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from . import scoring as w
from .model import CATEGORIES, URGENCIES, Helper, MatchingError, Need, Zones
from .scoring import merged


@dataclass(frozen=True)
class Block:
    category: str
    rows: np.ndarray  # need indices into Table.needs
    cols: np.ndarray  # helper indices into Table.helpers
    scores: np.ndarray  # int32, len(rows) x len(cols)


def _unique_ids(kind: str, items: Sequence) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise MatchingError(f"two {kind}s share the id {item.id!r}")
        seen.add(item.id)


BITS_MAX = 64  # sets over at most this many items are bitmasks; larger ones are 0/1 matrices


class _Sets:
    """Set-valued features of needs and helpers (languages, access), over the items needs name."""

    def __init__(self, need_sets: Sequence[Iterable[str]], helper_sets: Sequence[Iterable[str]]):
        universe = sorted({x for group in need_sets for x in group})
        index = {x: k for k, x in enumerate(universe)}
        self.bits = len(universe) <= BITS_MAX
        if self.bits:
            dtype = next(t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if np.iinfo(t).bits >= len(universe))
            self.needs, self.helpers = (np.array([sum(1 << index[x] for x in g if x in index) for g in groups],
                                                 dtype=dtype)
                                        for groups in (need_sets, helper_sets))
            self.any = self.needs != 0
        else:
            self.needs, self.helpers = (_indicator(groups, index) for groups in (need_sets, helper_sets))
            self.any = self.needs.any(axis=1)

    def shared(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Whether need and helper have an item in common."""
        if self.bits:
            return (self.needs[rows][:, None] & self.helpers[cols][None, :]) != 0
        return (self.needs[rows] @ self.helpers[cols].T) > 0

    def missing(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """How many of the need's items the helper lacks."""
        if self.bits:
            return np.bitwise_count(self.needs[rows][:, None] & ~self.helpers[cols][None, :]).astype(np.int32)
        return (self.needs[rows] @ (1 - self.helpers[cols]).T).astype(np.int32)  # exact small counts


def _indicator(groups: Sequence[Iterable[str]], index: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(groups), len(index)), dtype=np.float32)
    for i, group in enumerate(groups):
        for x in group:
            k = index.get(x)
            if k is not None:
                out[i, k] = 1
    return out


class Table:
    """Scores for `needs` x `helpers`. Needs and helpers are kept sorted by id, so that the result
    of everything built on the table does not depend on the order of the input."""

    def __init__(self, needs: Iterable[Need], helpers: Iterable[Helper], zones: Zones):
        self.needs: list[Need] = sorted(needs, key=lambda n: n.id)
        self.helpers: list[Helper] = sorted(helpers, key=lambda h: h.id)
        _unique_ids("need", self.needs)
        _unique_ids("helper", self.helpers)
        needs_, helpers_ = self.needs, self.helpers
        self.urgency = np.array([URGENCIES.index(n.urgency) for n in needs_], dtype=np.int64)
        self.capacity = np.array([max(h.capacity, 0) for h in helpers_], dtype=np.int64)
        self.load = np.array([h.load for h in helpers_], dtype=np.int64)

        # Zones: one row per zone a need is in, one column per zone a helper is in; the last of each is "".
        need_zones = sorted({n.zone for n in needs_ if n.zone})
        helper_zones = sorted({h.zone for h in helpers_ if h.zone})
        zn = {z: k for k, z in enumerate(need_zones)}
        zh = {z: k for k, z in enumerate(helper_zones)}
        distance = np.full((len(need_zones) + 1, len(helper_zones) + 1), w.FAR, dtype=np.int32)
        for a in need_zones:
            hops = zones.hops_from(a)
            for b in helper_zones:
                distance[zn[a], zh[b]] = w.distance_points(hops.get(b))
        need_zone = np.array([zn.get(n.zone, len(need_zones)) for n in needs_], dtype=np.int64)
        helper_zone = np.array([zh.get(h.zone, len(helper_zones)) for h in helpers_], dtype=np.int64)

        languages = _Sets([n.languages for n in needs_], [h.languages for h in helpers_])
        # Points when no language is shared: a penalty if the requester named any.
        unshared = np.where(languages.any, w.LANGUAGE_MISSING, 0).astype(np.int32)

        access = _Sets([n.access_needs for n in needs_], [h.access_provides for h in helpers_])

        need_spans = [merged(n.windows) for n in needs_]
        helper_spans = [merged(h.windows) for h in helpers_]
        need_minutes = np.array([sum(e - s for s, e in sp) for sp in need_spans], dtype=np.int64)
        helper_minutes = np.array([sum(e - s for s, e in sp) for sp in helper_spans], dtype=np.int64)
        need_time, piece, helper_time = self._time_features(need_spans, helper_spans)

        urgency_points = np.array([w.URGENCY[u] for u in URGENCIES], dtype=np.int32)[self.urgency]
        load_points = (w.LOAD_STEP * np.minimum(self.load, w.LOAD_CAP)).astype(np.int32)
        by_category = {c: [] for c in CATEGORIES}
        for i, n in enumerate(needs_):
            by_category[n.category].append(i)

        blocks = []
        for c in CATEGORIES:
            rows = np.array(by_category[c], dtype=np.int64)
            cols = np.array([j for j, h in enumerate(helpers_) if c in h.categories and h.capacity > 0], dtype=np.int64)
            if len(rows) == 0 or len(cols) == 0:
                continue
            s = distance[need_zone[rows]][:, helper_zone[cols]]
            s += (w.CATEGORY + urgency_points[rows])[:, None]
            s += load_points[cols][None, :]
            s += np.where(languages.shared(rows, cols), np.int32(w.LANGUAGE_SHARED), unshared[rows][:, None])
            # Access and time are 0 or constant for needs that name no access need or window.
            sub = access.any[rows]
            if sub.any():
                s[sub] += w.ACCESS_MISSING * access.missing(rows[sub], cols)
            sub = need_minutes[rows] > 0
            s[~sub] += np.int32(w.TIME_ANY)
            if sub.any():
                if piece.size:
                    overlap = (need_time[rows[sub]] * piece) @ helper_time[cols].T  # whole minutes, exact
                    overlap = np.minimum(overlap, np.float32(w.TIME_CAP)).astype(np.int32)
                else:
                    overlap = np.zeros((int(sub.sum()), len(cols)), dtype=np.int32)
                part = overlap // w.TIME_STEP
                part[overlap == 0] = w.TIME_NONE
                part[:, helper_minutes[cols] == 0] = w.TIME_ANY
                s[sub] += part
            blocks.append(Block(category=c, rows=rows, cols=cols, scores=s))
        self.blocks: list[Block] = blocks

    @staticmethod
    def _time_features(need_spans, helper_spans) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cut the week at every boundary and keep the pieces some need and some helper both cover.
        Returns need coverage (0/1), piece lengths in minutes and helper coverage (0/1), so that
        (need coverage * lengths) @ helper coverage.T is the overlap in minutes."""
        bounds = sorted({t for spans in (need_spans, helper_spans) for sp in spans for se in sp for t in se})
        if len(bounds) < 2:
            none = np.zeros(0, np.float32)
            return np.zeros((len(need_spans), 0), np.uint8), none, np.zeros((len(helper_spans), 0), np.float32)
        where = {t: k for k, t in enumerate(bounds)}

        def cover(spans_list, dtype):
            out = np.zeros((len(spans_list), len(bounds) - 1), dtype=dtype)
            for i, spans in enumerate(spans_list):
                for s, e in spans:
                    out[i, where[s]:where[e]] = 1
            return out

        need_cov, helper_cov = cover(need_spans, np.uint8), cover(helper_spans, np.float32)
        keep = need_cov.any(axis=0) & helper_cov.any(axis=0)
        length = np.diff(np.array(bounds, dtype=np.float32))
        return need_cov[:, keep], length[keep], helper_cov[:, keep]

    def positive_per_helper(self) -> np.ndarray:
        """How many needs each helper could be assigned (pairs with a positive score)."""
        out = np.zeros(len(self.helpers), dtype=np.int64)
        for b in self.blocks:
            out[b.cols] += (b.scores > 0).sum(axis=0)
        return out

    def queue(self) -> list[int]:
        """Need indices in queue order: most urgent first, then by id (needs are sorted by id)."""
        return sorted(range(len(self.needs)), key=lambda i: self.urgency[i])

    def increments(self, helpers: np.ndarray, taken: np.ndarray) -> np.ndarray:
        """How much the score of any pair with helper `helpers[x]` has dropped once it has taken
        `taken[x]` new needs in this assignment (its load counts them): >= 0, non-decreasing."""
        load = self.load[helpers]
        return w.LOAD_STEP * (np.minimum(load, w.LOAD_CAP) - np.minimum(load + taken, w.LOAD_CAP))
