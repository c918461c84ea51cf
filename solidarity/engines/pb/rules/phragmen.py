"""Sequential Phragmén, as pabutools' `sequential_phragmen` (approval ballots).

Each round buys the project whose supporters would end with the lowest maximal load
((their current loads + cost) / number of supporters). The rule *stops* as soon as one of the
tied minimisers does not fit in the remaining budget. Projects costing more than the whole
budget are never considered.

Exact and fast: a voter's load is always one of the round maxima so far, so each distinct
ballot keeps the number of its level, and each project the weight of its supporters at each
level (integers). Floats only propose: the projects whose float value is within a margin far
above rounding error of the smallest are then compared exactly (Fractions).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..matrix import BallotMatrix
from ..reasons import Reason, reason
from ..satisfaction import Prepared

_MARGIN = 1e-9  # relative; float values carry at most a few hundred roundings of 2**-53


def phragmen(prep: Prepared, *, reasons: dict[str, Reason] | None = None) -> list[int]:
    m = len(prep.ids)
    budget = prep.budget
    costs = prep.costs
    matrix = BallotMatrix(prep)
    score = matrix.W
    supported = np.array([s > 0 for s in score], dtype=bool)
    fscore = np.array([max(s, 1) for s in score], dtype=np.float64)
    fcost = np.array([float(c) for c in costs])
    levels: list[Fraction] = [Fraction(0)]  # the load of each level
    flevels = np.zeros(m + 1)
    level = np.zeros(matrix.n_rows, dtype=np.int64)  # per distinct ballot
    at = np.zeros((m, m + 1), dtype=np.int64)  # weight of each project's supporters per level
    at[:, 0] = score
    open_ = np.array([costs[j] <= budget for j in range(m)], dtype=bool)
    spent = Fraction(0)
    chosen: list[int] = []
    round_no = 0
    while open_.any():
        n = len(levels)
        value = (at[:, :n] @ flevels[:n] + fcost) / fscore
        live = open_ & supported
        if live.any():
            low = value[live].min()
            near = np.flatnonzero(live & (value <= low * (1 + _MARGIN) + 1e-300))
            exact = {int(j): (sum((levels[lv] * int(at[j, lv]) for lv in np.flatnonzero(at[j, :n])), Fraction(0))
                              + costs[j]) / score[j] for j in near}
            best = min(exact.values())
            tied = [j for j, v in exact.items() if v == best]
        else:  # only projects nobody approved are left: their loads are all infinite, a tie
            best = None
            tied = [int(j) for j in np.flatnonzero(open_)]
        if any(spent + costs[j] > budget for j in tied):
            if reasons is not None:
                blocker = min((j for j in tied if spent + costs[j] > budget), key=lambda j: prep.rank[j])
                left = budget - spent
                for j in np.flatnonzero(open_):
                    reasons[prep.ids[j]] = (
                        reason("pb.phragmen.did_not_fit", round=round_no, left=left) if j == blocker else
                        reason("pb.phragmen.not_funded_stopped", round=round_no, blocker=prep.ids[blocker], left=left))
            break
        j = min(tied, key=lambda k: prep.rank[k])
        round_no += 1
        chosen.append(j)
        open_[j] = False
        spent += costs[j]
        if reasons is not None:
            if best is None:
                reasons[prep.ids[j]] = reason("pb.phragmen.funded_unsupported", round=round_no)
            else:
                reasons[prep.ids[j]] = reason("pb.phragmen.funded", round=round_no, supporters=int(score[j]), load=best)
        if best is None:
            continue
        # the supporters of j move to a new level, the load `best`
        new = len(levels)
        levels.append(best)
        flevels[new] = float(best)
        rows = matrix.sup[j]
        where, projects = matrix.entries(rows)
        old = level[rows]
        moved = np.bincount(old[where] * m + projects, weights=matrix.w[rows][where],
                            minlength=new * m).reshape(new, m).astype(np.int64)  # exact below 2**53
        at[:, :new] -= moved.T
        at[:, new] += moved.sum(axis=0)
        level[rows] = new
    if reasons is not None:
        for j in range(m):
            if prep.ids[j] not in reasons:
                reasons[prep.ids[j]] = reason("pb.phragmen.too_expensive", cost=costs[j], budget=budget)
    return chosen
