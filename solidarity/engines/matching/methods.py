"""Assign a whole queue of needs to helpers: the plain greedy baseline and the exact optimum.

Both maximise the same objective. A pair is worth its score, except that a helper's load counts the
needs it takes in this assignment: its k-th new need scores as if its load were `load + k`. Only
pairs worth more than zero are ever assigned (leaving a need open is better than a pair worth less).

The optimum is a maximum-weight b-matching. Each helper becomes as many unit "slots" as it can take,
slot k worth the pair score minus the k-th load increment, and each need gets a private zero-value
"stay open" slot, so that SciPy's sparse Jonker-Volgenant solver (LAPJVsp) can solve it as a
rectangular assignment. Solving on all pairs would be slow (a queue of 10,000 has millions), so it
solves on each need's best helpers and each helper's best few needs, then proves the result
optimal for all pairs: it derives exact integer LP duals from the solution (a longest-path pass over
the alternating paths) and checks every pair against them. A pair that breaks a dual constraint could
improve the total; it is added and the solve repeats. When no pair does, the duals certify that no
assignment over all pairs scores more. All arithmetic on scores is exact integers; the float64 the
solver works in holds them exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .model import Assignment, Helper, MatchingError, Need, UnknownMethod, Zones
from .scoring import LOAD_CAP, LOAD_STEP
from .table import Table

PER_NEED = 32  # the first solve sees each need's best helpers...
PER_HELPER_EXTRA = 2  # ...and each helper's best (its slots + this many) needs
PER_HELPER_MAX = 64
MARGIN = 10  # when some pair breaks the dual check, pairs within this many points of breaking it come too
MAX_ROUNDS = 100
EXACT = 2 ** 52  # integers the solver's float64 holds exactly, with room for sums along a path


def _result(table: Table, method: str, matched: dict[int, int], values: dict[int, int]) -> Assignment:
    """`matched`: need index -> helper index; `values`: need index -> pair score at the helper's
    original load. The total charges each helper's load increments once, in slot order."""
    taken: dict[int, int] = {}
    for j in matched.values():
        taken[j] = taken.get(j, 0) + 1
    helpers = np.array(sorted(taken), dtype=np.int64)
    counts = np.array([taken[j] for j in helpers], dtype=np.int64)
    drops = 0
    for k in range(int(counts.max(initial=0))):
        has = counts > k
        drops += int(table.increments(helpers[has], np.full(int(has.sum()), k)).sum())
    total = sum(values[i] for i in matched) - drops
    pairs, unmatched = [], []
    for i in table.queue():
        if i in matched:
            pairs.append((table.needs[i].id, table.helpers[matched[i]].id))
        else:
            unmatched.append(table.needs[i].id)
    return Assignment(pairs=tuple(pairs), total=total, unmatched=tuple(unmatched), method=method)


def _where(table: Table) -> dict[int, tuple]:
    """need index -> (block, row within it)."""
    return {int(i): (b, r) for b in table.blocks for r, i in enumerate(b.rows)}


def greedy_table(table: Table) -> Assignment:
    """Needs in queue order (most urgent first, then by id); each takes the helper that is worth most
    to it now, among those with capacity left; equal values go to the lower helper id."""
    blocked = np.iinfo(np.int64).min // 4
    taken = np.zeros(len(table.helpers), dtype=np.int64)
    adjust = np.where(table.capacity > 0, 0, blocked).astype(np.int64)
    where = _where(table)
    matched: dict[int, int] = {}
    values: dict[int, int] = {}
    for i in table.queue():
        if i not in where:
            continue
        block, r = where[i]
        worth = block.scores[r] + adjust[block.cols]
        k = int(np.argmax(worth))  # the first maximum: columns are in helper id order
        if worth[k] <= 0:
            continue
        j = int(block.cols[k])
        matched[i] = j
        values[i] = int(block.scores[r, k])
        taken[j] += 1
        if taken[j] >= table.capacity[j]:
            adjust[j] = blocked
        else:
            adjust[j] = -table.increments(np.array([j]), taken[j:j + 1])[0]
    return _result(table, "greedy", matched, values)


def _top(scores: np.ndarray, k: int, axis: int) -> np.ndarray:
    """A boolean mask of the k largest positive entries along `axis` (all positive ones if fewer)."""
    size = scores.shape[axis]
    if k >= size:
        return scores > 0
    part = np.argpartition(-scores, k - 1, axis=axis)
    idx = part[:k] if axis == 0 else part[:, :k]
    mask = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(mask, idx, True, axis=axis)
    return mask & (scores > 0)


class _Problem:
    """The scaled b-matching. Helper j with room for c_j needs becomes slots offset[j] ..
    offset[j] + c_j - 1; slot k of j is worth (score - increment_k) * scale + bonus[need] to a need,
    and only while score - increment_k > 0.

    `scale` and `bonus` make the optimum prefer, among assignments with the same total, serving needs
    earlier in the queue: the bonuses of all needs together stay below `scale`, so they never outweigh
    one point of score. They are skipped (scale 1, no bonus) when scaled totals would not stay exact
    in the solver's float64."""

    def __init__(self, table: Table):
        n = len(table.needs)
        self.n = n
        self.bonus = np.zeros(n, dtype=np.int64)
        self.scale = n * (n + 1) // 2 + 1
        top = max((int(np.abs(b.scores).max(initial=0)) for b in table.blocks), default=0) - LOAD_STEP * LOAD_CAP
        if 2 * (n + 1) * (top * self.scale + n + 1) >= EXACT:
            self.scale = 1
        else:
            self.bonus[table.queue()] = np.arange(n, 0, -1)
        # A helper never takes more needs than it has positive pairs, so more slots would be dead weight;
        # every assignment of the real problem is still possible.
        self.count = np.minimum(table.capacity, table.positive_per_helper())
        self.offset = np.concatenate(([0], np.cumsum(self.count)))[:-1]
        self.slots = int(self.count.sum())
        self.helper = np.repeat(np.arange(len(self.count)), self.count)
        self.increment = table.increments(self.helper, np.arange(self.slots) - self.offset[self.helper])
        # Increments take few values (0, 3, ..., 15): a pair can use exactly the slots whose increment
        # is below its score, so the dual check works per increment level.
        self.levels = np.unique(self.increment)
        self.level = np.searchsorted(self.levels, self.increment)
        self.n_helpers = len(table.helpers)

    def worth(self, scores: np.ndarray, needs: np.ndarray) -> np.ndarray:
        return scores.astype(np.int64) * self.scale + self.bonus[needs]

    def solve(self, ei: np.ndarray, ej: np.ndarray, es: np.ndarray):
        """Solve on candidate pairs (need ei, helper ej, score es). Returns the slot edges (row, slot,
        value) and each need's matched slot (-1 = stays open)."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import min_weight_full_bipartite_matching

        n = self.n
        reps = self.count[ej]
        starts = np.cumsum(reps) - reps
        row = np.repeat(ei, reps)
        slot = np.repeat(self.offset[ej] - starts, reps) + np.arange(int(reps.sum()))
        usable = np.repeat(es, reps) > self.increment[slot]
        row, slot = row[usable], slot[usable]
        value = self.worth(np.repeat(es, reps)[usable] - self.increment[slot], row)
        # Costs must be non-zero for the solver; every need takes exactly one column (a slot or its own
        # "stay open" column), so minimising (offset - value) maximises the total value.
        offset = int(value.max(initial=0)) + 1
        cost = np.concatenate((offset - value, np.full(n, offset))).astype(np.float64)
        cols = np.concatenate((slot, self.slots + np.arange(n)))
        rows = np.concatenate((row, np.arange(n)))
        graph = csr_matrix((cost, (rows, cols)), shape=(n, self.slots + n))
        r, c = min_weight_full_bipartite_matching(graph)
        match = np.full(n, -1, dtype=np.int64)
        taken = c < self.slots
        match[r[taken]] = c[taken]
        return row, slot, value, match

    def duals(self, row, slot, value, match) -> tuple[np.ndarray, np.ndarray]:
        """Exact LP duals (u per need, v per slot) proving `match` optimal on these edges, or an error.

        With u_i + v_c >= value(i, c) on every edge, u, v >= 0 and equality on matched edges: v_c is
        the least value with v_c >= value(i, c) for an open need i, and v_c >= v[m(i)] + value(i, c) -
        value(i, m(i)) for a need matched to m(i) (a longest path along alternating paths, finite
        exactly when no alternating cycle gains). Then u_i = value(i, m(i)) - v[m(i)].
        """
        n = self.n
        matched_value = np.zeros(n, dtype=np.int64)
        on = match[row] == slot
        matched_value[row[on]] = value[on]
        is_open = match[row] < 0
        v = np.zeros(self.slots, dtype=np.int64)
        np.maximum.at(v, slot[is_open], value[is_open])
        rest = ~is_open & ~on
        src, dst = match[row[rest]], slot[rest]
        gain = value[rest] - matched_value[row[rest]]
        order = np.argsort(dst, kind="stable")
        src, dst, gain = src[order], dst[order], gain[order]
        starts = np.flatnonzero(np.concatenate(([True], dst[1:] != dst[:-1]))) if len(dst) else np.zeros(0, np.int64)
        heads = dst[starts]
        for _ in range(self.slots + 2):
            if not len(dst):
                break
            best = np.maximum.reduceat(v[src] + gain, starts)
            grown = best > v[heads]
            if not grown.any():
                break
            v[heads[grown]] = best[grown]
        else:
            raise RuntimeError("the matching solver returned a result that is not optimal")
        u = np.zeros(n, dtype=np.int64)
        has = match >= 0
        u[has] = matched_value[has] - v[match[has]]
        used = np.zeros(self.slots, dtype=bool)
        used[match[has]] = True
        if (u < 0).any() or (v[~used] != 0).any() or (u[row] + v[slot] < value).any():
            raise RuntimeError("the matching solver returned a result that is not optimal")
        return u, v

    def entry(self, v: np.ndarray) -> np.ndarray:
        """entry[j, L]: the cheapest way into helper j through a slot of increment level <= L, in
        scaled units (min over those slots of v + increment * scale)."""
        out = np.full((self.n_helpers, max(len(self.levels), 1)), np.iinfo(np.int64).max // 4, dtype=np.int64)
        if self.slots:
            np.minimum.at(out, (self.helper, self.level), v + self.increment * self.scale)
        return np.minimum.accumulate(out, axis=1)

    def check(self, block, u: np.ndarray, entry: np.ndarray, open_: np.ndarray, margin: int):
        """The block's pairs outside the solver's graph (`open_`) that break the dual constraints, i.e.
        could raise the total, and those within about `margin` points of breaking them.

        Returns (rows, cols, closeness in points, breaks). Exact: the int32 pass below uses whole
        points only, as a necessary condition, and every pair it lets through is checked in int64.
        """
        floor_u = np.floor_divide(u[block.rows] - self.bonus[block.rows], self.scale)
        floor_entry = np.minimum(entry[block.cols, -1] // self.scale, 2 ** 30)
        points = block.scores - floor_u.astype(np.int32)[:, None] - floor_entry.astype(np.int32)[None, :]
        r, c = np.nonzero((points >= -margin) & open_)
        close = points[r, c]
        breaks = np.zeros(len(r), dtype=bool)
        maybe = np.flatnonzero(close >= 1)
        if len(maybe):
            rm, cm = r[maybe], c[maybe]
            s = block.scores[rm, cm].astype(np.int64)
            level = np.searchsorted(self.levels, s, side="left") - 1  # the levels a pair of score s can use
            exact = self.worth(s, block.rows[rm]) - u[block.rows[rm]] - entry[block.cols[cm], level]
            breaks[maybe] = exact > 0
        return r, c, close, breaks


def optimal_table(table: Table, *, per_need: int = PER_NEED) -> Assignment:
    problem = _Problem(table)
    have, open_ = [], []  # per block: which pairs the solver sees, and which assignable ones it does not
    for b in table.blocks:
        mask = _top(b.scores, per_need, axis=1)
        per_helper = np.minimum(problem.count[b.cols] + PER_HELPER_EXTRA, PER_HELPER_MAX)
        for k in np.unique(per_helper).tolist():
            cols = np.flatnonzero(per_helper == k)
            mask[:, cols] |= _top(b.scores[:, cols], k, axis=0)
        have.append(mask)
        open_.append((b.scores > 0) & ~mask)
    for round_ in range(MAX_ROUNDS):
        parts = [(b.rows[r], b.cols[c], b.scores[r, c].astype(np.int64))
                 for b, mask in zip(table.blocks, have) for r, c in [np.nonzero(mask)]]
        ei, ej, es = (np.concatenate([p[k] for p in parts]) if parts else np.zeros(0, np.int64) for k in range(3))
        row, slot, value, match = problem.solve(ei, ej, es)
        u, v = problem.duals(row, slot, value, match)
        entry = problem.entry(v)
        near = [problem.check(b, u, entry, unseen, MARGIN) for b, unseen in zip(table.blocks, open_)]
        violated = sum(int(breaks.sum()) for *_, breaks in near)
        if not violated:
            break
        # Add the pairs that break the check and those close to it (the next solve shifts the duals
        # a little): the closest first, at most per_need for each need, doubling every round so that
        # even a queue built to defeat the first guess settles in a few rounds.
        cap = per_need << min(round_, 30)
        for mask, unseen, (r, c, close, _) in zip(have, open_, near):
            order = np.lexsort((-close, r))
            r, c = r[order], c[order]
            first = np.searchsorted(r, r, side="left")
            keep = np.arange(len(r)) - first < cap
            mask[r[keep], c[keep]] = True
            unseen[r[keep], c[keep]] = False
    else:
        raise RuntimeError("the optimal assignment did not settle")
    got = match[row] == slot
    helper_of = np.full(problem.n, -1, dtype=np.int64)
    helper_of[row[got]] = problem.helper[slot[got]]
    on = helper_of[ei] == ej
    matched = dict(zip(ei[on].tolist(), ej[on].tolist()))
    values = dict(zip(ei[on].tolist(), es[on].tolist()))
    result = _result(table, "optimal", matched, values)
    if result.total * problem.scale + int(problem.bonus[row[got]].sum()) != int(value[got].sum()):
        raise RuntimeError("the optimal assignment left a helper's slots out of order")
    return result


def greedy(needs: Iterable[Need], helpers: Iterable[Helper], zones: Zones) -> Assignment:
    return greedy_table(Table(needs, helpers, zones))


def optimal(needs: Iterable[Need], helpers: Iterable[Helper], zones: Zones) -> Assignment:
    return optimal_table(Table(needs, helpers, zones))


METHODS = {
    "optimal": optimal,
    "greedy": greedy,
}


def assign(needs: Iterable[Need], helpers: Iterable[Helper], zones: Zones, *, method: str = "optimal") -> Assignment:
    """Assign the queue. "optimal" maximises the total over all needs at once; "greedy" is the
    baseline. Both respect each helper's capacity and assign a need at most once."""
    try:
        compute = METHODS[method]
    except (KeyError, TypeError):
        raise UnknownMethod(str(method), known=sorted(METHODS)) from None
    needs, helpers = list(needs), list(helpers)
    for x in needs:
        if not isinstance(x, Need):
            raise MatchingError(f"needs must be Need values, not {x!r}")
    for x in helpers:
        if not isinstance(x, Helper):
            raise MatchingError(f"helpers must be Helper values, not {x!r}")
    if not isinstance(zones, Zones):
        raise MatchingError(f"zones must be a Zones value, not {zones!r}")
    return compute(needs, helpers, zones)
