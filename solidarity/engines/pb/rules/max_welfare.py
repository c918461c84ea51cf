"""Exact maximum utilitarian welfare: a 0/1 knapsack solved exactly.

pabutools' primal-dual branch and bound floors its upper bound, which is only valid for integer
profits; with decimal costs (cost satisfaction) it can prune the optimum. Here all weights and
profits are scaled to integers and the bound is the exact fractional (Dantzig) relaxation, so
the result is a true optimum. Free projects with support are always taken.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

from ..satisfaction import Prepared, total_sats


def max_welfare(prep: Prepared) -> tuple[list[int], Fraction]:
    """(selected indices, objective)."""
    totals = total_sats(prep)
    chosen = [j for j in range(len(prep.ids)) if prep.costs[j] == 0 and totals[j] > 0]
    items = [j for j in range(len(prep.ids)) if prep.costs[j] > 0 and totals[j] > 0 and prep.costs[j] <= prep.budget]
    if not items:
        return chosen, Fraction(sum((totals[j] for j in chosen), 0))
    dw = lcm(*[Fraction(prep.costs[j]).denominator for j in items], Fraction(prep.budget).denominator)
    dp = lcm(*[Fraction(totals[j]).denominator for j in items])
    weight = {j: int(prep.costs[j] * dw) for j in items}
    profit = {j: int(Fraction(totals[j]) * dp) for j in items}
    cap = int(prep.budget * dw)
    # best efficiency first; ties by rank so the search is deterministic
    items.sort(key=lambda j: (Fraction(-profit[j], weight[j]), prep.rank[j]))
    W = [weight[j] for j in items]
    P = [profit[j] for j in items]
    n = len(items)
    suffix_w = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix_w[i] = suffix_w[i + 1] + W[i]

    def bound(i: int, room: int) -> Fraction:
        """Upper bound on profit obtainable from items i.. with capacity room (fractional relaxation)."""
        total = 0
        while i < n and W[i] <= room:
            room -= W[i]
            total += P[i]
            i += 1
        if i < n and room > 0:
            return Fraction(total) + Fraction(P[i] * room, W[i])
        return Fraction(total)

    # greedy start as the incumbent
    best_val = 0
    best_set: list[int] = []
    room = cap
    for i in range(n):
        if W[i] <= room:
            room -= W[i]
            best_val += P[i]
            best_set.append(i)

    # iterative DFS: take item first, then skip
    take: list[int] = []
    stack = [(0, cap, 0, 0)]  # (index, room, value, depth of take list)
    while stack:
        i, room, val, depth = stack.pop()
        del take[depth:]
        # skip items that cannot fit
        while i < n and W[i] > room:
            i += 1
        if i >= n or suffix_w[i] <= room:
            # take everything that is left
            extra = [k for k in range(i, n) if W[k] <= room]
            tot = val + sum(P[k] for k in extra)
            if tot > best_val:
                best_val, best_set = tot, take + extra
            continue
        if val + bound(i, room) <= best_val:
            continue
        if val > best_val:
            best_val, best_set = val, list(take)
        # push skip first so that take is explored first
        stack.append((i + 1, room, val, len(take)))
        take.append(i)
        stack.append((i + 1, room - W[i], val + P[i], len(take)))
    chosen += sorted((items[k] for k in best_set), key=lambda j: prep.rank[j])
    objective = sum((Fraction(totals[j]) for j in chosen), Fraction(0))
    return chosen, objective
