"""Sequential Phragmén, as pabutools' `sequential_phragmen` (approval ballots).

Each round buys the project whose supporters would end with the lowest maximal load
((their current loads + cost) / number of supporters). The rule *stops* as soon as one of the
tied minimisers does not fit in the remaining budget. Projects costing more than the whole
budget are never considered. Exact: loads are Fractions; per-voter loads only take the values
of past round maxima, so updates are grouped by old load and accumulated as integers.
"""

from __future__ import annotations

from fractions import Fraction

from ..satisfaction import Prepared, money


def phragmen(prep: Prepared, *, explanations: dict | None = None) -> list[int]:
    m = len(prep.ids)
    budget = prep.budget
    costs = prep.costs
    score = [0] * m
    supporters: list[list[int]] = [[] for _ in range(m)]
    ballots = []
    for v, (count, sats) in enumerate(prep.voters):
        ballots.append(list(sats))
        for j in sats:
            score[j] += count
            supporters[j].append(v)
    weights = [c for c, _ in prep.voters]
    # a voter's load is always one of the round maxima so far: keep its level number, not the value
    levels: list[Fraction] = [Fraction(0)]
    load = [0] * len(prep.voters)
    load_sum = [Fraction(0)] * m  # sum of count * load over supporters
    remaining = {j for j in range(m) if costs[j] <= budget}
    spent = Fraction(0)
    chosen: list[int] = []
    round_no = 0
    while remaining:
        best = None
        tied: list[int] = []
        for j in remaining:
            if score[j] == 0:
                value = None  # infinity
            else:
                value = (load_sum[j] + costs[j]) / score[j]
            if not tied:
                best, tied = value, [j]
            elif value == best:
                tied.append(j)
            elif best is None or (value is not None and value < best):
                best, tied = value, [j]
        if any(spent + costs[j] > budget for j in tied):
            if explanations is not None:
                blocker = min((j for j in tied if spent + costs[j] > budget), key=lambda j: prep.rank[j])
                for j in remaining:
                    explanations[prep.ids[j]] = (
                        f"Not funded: Phragmén stopped after round {round_no} because "
                        f"{'this project' if j == blocker else 'project ' + prep.ids[blocker]} was next "
                        f"but did not fit in the {money(budget - spent)} left.")
            break
        j = min(tied, key=lambda k: prep.rank[k])
        round_no += 1
        chosen.append(j)
        remaining.discard(j)
        spent += costs[j]
        if explanations is not None:
            if best is None:
                explanations[prep.ids[j]] = f"Funded in round {round_no} although nobody approved it: it still fitted."
            else:
                explanations[prep.ids[j]] = (
                    f"Funded in round {round_no}: its {score[j]:,} supporters' maximal load became {float(best):.6g}.")
        if best is None:
            continue
        levels.append(best)
        level = len(levels) - 1
        by_old: dict[int, dict[int, int]] = {}
        for v in supporters[j]:
            old = load[v]
            acc = by_old.get(old)
            if acc is None:
                acc = by_old[old] = {}
            w = weights[v]
            for k in ballots[v]:
                acc[k] = acc.get(k, 0) + w
            load[v] = level
        for old, acc in by_old.items():
            delta = best - levels[old]
            if not delta:
                continue
            for k, w in acc.items():
                load_sum[k] += delta * w
    if explanations is not None:
        for j in range(m):
            if prep.ids[j] not in explanations:
                explanations[prep.ids[j]] = (
                    f"Not funded: it costs {money(costs[j])}, more than the whole budget of {money(budget)}.")
    return chosen
