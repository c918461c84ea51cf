"""Greedy utilitarian welfare, as pabutools' `greedy_utilitarian_welfare`.

Projects are taken by satisfaction per unit of cost, highest first (ties by the tie-breaking
rank); a project that no longer fits is skipped and the walk goes on. Projects nobody supports
still come last, if they fit (pabutools does the same).
"""

from __future__ import annotations

from fractions import Fraction

from ..reasons import Reason, reason
from ..satisfaction import Prepared, total_sats

_INF = (0, 0)


def density_key(prep: Prepared, totals: list, j: int):
    """Sort key: highest satisfaction per cost first. Exact: Fractions, cost 0 first."""
    total = totals[j]
    cost = prep.costs[j]
    if prep.sat == "borda":
        # pabutools runs Borda through its non-additive path, where a free project ranks first
        # even without support.
        if cost == 0:
            return (0, 0, prep.rank[j])
        return (1, -Fraction(total) / cost, prep.rank[j])
    if total > 0:
        if cost == 0:
            return (0, 0, prep.rank[j])
        return (1, -Fraction(total) / cost, prep.rank[j])
    return (1, 0, prep.rank[j])


def greedy(prep: Prepared, *, initial: list[int] | None = None,
           reasons: dict[str, Reason] | None = None) -> list[int]:
    """Indices selected (after `initial`, which is kept), in selection order; `reasons` gets a
    Reason for every project it walks past (`pb.greedy.funded` / `pb.greedy.not_funded`)."""
    chosen = list(initial or [])
    taken = set(chosen)
    remaining = prep.budget - sum((prep.costs[j] for j in chosen), Fraction(0))
    totals = total_sats(prep)
    order = sorted((j for j in range(len(prep.ids)) if j not in taken), key=lambda j: density_key(prep, totals, j))
    for j in order:
        cost = prep.costs[j]
        if cost <= remaining:
            if reasons is not None:
                reasons[prep.ids[j]] = reason("pb.greedy.funded", left=remaining, cost=cost)
            chosen.append(j)
            taken.add(j)
            remaining -= cost
        elif reasons is not None:
            reasons[prep.ids[j]] = reason("pb.greedy.not_funded", left=remaining, cost=cost)
    return chosen
