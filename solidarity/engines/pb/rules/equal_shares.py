"""Method of Equal Shares (MES), as pabutools' `method_of_equal_shares`, and its completions.

Every voter starts with an equal share of the budget. Each round buys the project whose
supporters can pay for it at the lowest price per unit of satisfaction (rho), each paying
rho x satisfaction or everything they have left; ties go to the tie-breaking rank. The round
loop ends when no remaining project can be paid for by its supporters.

Exactness and speed: money is kept in Fractions. Voters are grouped into *classes* of equal
remaining budget; a purchase splits each class it touches into the supporters of the project
(who pay) and the others. Only the smaller part of a split is re-counted (small-to-large), and
voters left with nothing are dropped (they can never pay again, which changes no outcome).
A project's price is found by sorting its classes by budget per satisfaction, not its voters.
Projects are examined in order of their last known price, a lower bound of their current one
(prices only rise), and the scan stops once that bound exceeds the best price of the round,
exactly as pabutools does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..satisfaction import Prepared, money


@dataclass
class MESRun:
    chosen: list[int]  # selected project indices (free projects first), in order
    rho: dict[int, Fraction] = field(default_factory=dict)  # price per satisfaction unit paid
    rounds: dict[int, int] = field(default_factory=dict)
    paid: dict[int, tuple] = field(default_factory=dict)  # j -> (rich weight, payment per sat, poor weight, poor total)
    available: dict[int, Fraction] = field(default_factory=dict)  # losers: supporters' money at the end
    eligible: list[int] = field(default_factory=list)  # supported projects with positive cost
    budget_per_voter: Fraction = Fraction(0)
    runs: int = 1
    steps: int | None = None  # certified: this many unit increments of the share keep the outcome


class _Setup:
    """What does not depend on the per-voter budget: slots, supporters, free projects."""

    def __init__(self, prep: Prepared, initial: list[int]):
        m = len(prep.ids)
        self.prep = prep
        self.m = m
        slot_of: dict[tuple[int, object], int] = {}
        self.slot_proj: list[int] = []
        self.slot_sat: list = []
        self.proj_slots: list[list[int]] = [[] for _ in range(m)]
        self.voter_slots: list[list[int]] = []
        self.weights: list[int] = []
        self.supporters: list[list[tuple[int, object]]] = [[] for _ in range(m)]
        total = [0] * m
        for v, (count, sats) in enumerate(prep.voters):
            slots = []
            for j, s in sats.items():
                if s > 0:
                    key = (j, s)
                    slot = slot_of.get(key)
                    if slot is None:
                        slot = slot_of[key] = len(self.slot_proj)
                        self.slot_proj.append(j)
                        self.slot_sat.append(s)
                        self.proj_slots[j].append(slot)
                    slots.append(slot)
                    total[j] += count * s
                    self.supporters[j].append((v, s))
            self.voter_slots.append(slots)
            self.weights.append(count)
        self.total_sat = total
        taken = set(initial)
        free = [j for j in range(m) if j not in taken and total[j] > 0 and prep.costs[j] == 0]
        free.sort(key=lambda j: prep.rank[j])
        self.initial = list(initial) + free
        self.eligible = [j for j in range(m) if j not in taken and total[j] > 0 and prep.costs[j] > 0]


class _Limit:
    """How far the per-voter share may grow (by t >= 0) with every comparison of a run unchanged.

    Every quantity of a run is tracked as value + slope * t. Each comparison the run relied on adds
    a constraint that holds at t = 0; the tightest one bounds t. Conservative by construction.
    """

    __slots__ = ("t", "inclusive")

    def __init__(self) -> None:
        self.t = None  # None: unbounded
        self.inclusive = True

    def _set(self, t, inclusive: bool) -> None:
        if self.t is None or t < self.t or (t == self.t and self.inclusive and not inclusive):
            self.t = t
            self.inclusive = inclusive

    def positive(self, v, d) -> None:
        """Keep v + d t > 0 (v > 0 now)."""
        if d < 0:
            self._set(Fraction(v) / -d, False)

    def nonnegative(self, v, d) -> None:
        """Keep v + d t >= 0 (v >= 0 now)."""
        if d < 0:
            self._set(Fraction(v) / -d, True)

    def zero(self, d) -> None:
        """Keep a quantity that is 0 now at 0."""
        if d != 0:
            self._set(Fraction(0), True)

    def steps(self):
        """The largest whole number of increments certified, or None when unbounded."""
        if self.t is None:
            return None
        whole = self.t.numerator // self.t.denominator
        if whole == self.t and not self.inclusive:
            whole -= 1
        return max(whole, 0)


def run_mes(setup: _Setup, per_voter: Fraction, *, record: bool = False, certify: bool = False) -> MESRun:
    """One MES run at the given share per voter. With `certify`, also find how many unit increments
    of the share keep every decision of the run, hence its outcome (run.steps; None = unbounded)."""
    prep = setup.prep
    costs = prep.costs
    rank = prep.rank
    weights = setup.weights
    voter_slots = setup.voter_slots
    slot_proj = setup.slot_proj
    slot_sat = setup.slot_sat
    proj_slots = setup.proj_slots
    run = MESRun(chosen=list(setup.initial), eligible=setup.eligible, budget_per_voter=per_voter)
    limit = _Limit() if certify else None
    if per_voter <= 0 or not setup.eligible:
        run.steps = 0 if certify else None
        return run

    # class 0: everybody, with the initial share
    n_voters = len(weights)
    voter_class = [0] * n_voters
    cls_budget: list[Fraction] = [per_voter]
    cls_slope: list = [1]  # d budget / d share
    cls_members: list[set | None] = [set(range(n_voters))]
    cnt0: dict[int, int] = {}
    for v in range(n_voters):
        w = weights[v]
        for slot in voter_slots[v]:
            cnt0[slot] = cnt0.get(slot, 0) + w
    cls_cnt: list[dict | None] = [cnt0]
    proj_classes: list[set] = [set() for _ in range(setup.m)]
    for slot in cnt0:
        proj_classes[slot_proj[slot]].add(0)

    remaining = set(setup.eligible)
    lower = {j: Fraction(costs[j]) / setup.total_sat[j] for j in remaining}
    lower_slope = {j: 0 for j in remaining}
    round_no = 0
    priced: dict[int, tuple] = {}

    def price(j: int):
        """(rho, slope of rho, available money) for project j; rho is None when unaffordable."""
        cost = costs[j]
        items = []
        avail = 0
        denom = 0
        slots = proj_slots[j]
        single = len(slots) == 1
        for c in proj_classes[j]:
            b = cls_budget[c]
            cnt = cls_cnt[c]
            if single:
                w = cnt.get(slots[0])
                if w:
                    s = slot_sat[slots[0]]
                    items.append((b, b, s, w, c))
                    avail += b * w
                    denom += s * w
            else:
                for slot in slots:
                    w = cnt.get(slot)
                    if w:
                        s = slot_sat[slot]
                        items.append((b / s, b, s, w, c))
                        avail += b * w
                        denom += s * w
        if avail < cost:
            if certify:
                limit.positive(cost - avail, -sum(cls_slope[it[4]] * it[3] for it in items))
            return None, 0, avail
        items.sort(key=lambda it: it[0])
        contrib = 0
        for k, (_, b, s, w, c) in enumerate(items):
            # afford = (cost - contrib) / denom; supporter can pay iff afford * s <= b
            if (cost - contrib) * s <= b * denom:
                rho = Fraction(cost - contrib) / denom
                slope = 0
                if certify:
                    # With the poor set of t = 0 kept, rho is affine in t. Whatever the poor set
                    # does later, that affine function stays a lower bound of the true price (the
                    # supporters' payments are a concave function of price and share), which is
                    # all a project that is not bought needs. The bought project's price must
                    # be exact: `_certify_price` then keeps its poor set.
                    poor_slope = sum(cls_slope[it[4]] * it[3] for it in items[:k])
                    slope = Fraction(-poor_slope, denom) if poor_slope else 0
                    priced[j] = (items, k)
                return rho, slope, avail
            contrib += b * w
            denom -= s * w
        raise AssertionError("affordable project without a paying supporter")  # pragma: no cover

    while remaining:
        best = None
        best_slope = 0
        tied: list[int] = []
        seen: list[tuple] = []
        order = sorted(remaining, key=lower.__getitem__)
        stop = len(order)
        for pos, j in enumerate(order):
            if best is not None and lower[j] > best:
                stop = pos
                break
            rho, slope, avail = price(j)
            if rho is None:
                remaining.discard(j)
                if record:
                    run.available[j] = Fraction(avail)
                continue
            lower[j] = rho
            lower_slope[j] = slope
            seen.append((j, rho, slope))
            if best is None or rho < best:
                best, tied = rho, [j]
            elif rho == best:
                tied.append(j)
        if best is None:
            break
        j = min(tied, key=rank.__getitem__) if len(tied) > 1 else tied[0]
        if certify:
            best_slope = lower_slope[j]
            items, k = priced[j]
            for _, b2, s2, _, c2 in items[:k]:  # stay unable to pay the price
                limit.positive(best * s2 - b2, best_slope * s2 - cls_slope[c2])
            for _, b2, s2, _, c2 in items[k:]:  # stay able to pay it
                limit.nonnegative(b2 - best * s2, cls_slope[c2] - best_slope * s2)
            priced.clear()
            for k, rho, slope in seen:  # the others stay dearer (or tied and behind)
                if k != j:
                    if rho > best:
                        limit.positive(rho - best, slope - best_slope)
                    else:
                        limit.nonnegative(0, slope - best_slope)
            for k in order[stop:]:  # skipped on a lower bound that must stay above the price
                limit.positive(lower[k] - best, lower_slope[k] - best_slope)
        round_no += 1
        remaining.discard(j)
        run.chosen.append(j)
        if record:
            run.rho[j] = best
            run.rounds[j] = round_no
        _pay(j, best, best_slope, setup, voter_class, cls_budget, cls_slope, cls_members, cls_cnt, proj_classes,
             run if record else None, limit)
    if record:
        for j in setup.eligible:
            if j not in run.rho and j not in run.available:
                run.available[j] = Fraction(sum(
                    cls_budget[c] * sum(cls_cnt[c].get(s, 0) for s in proj_slots[j]) for c in proj_classes[j]))
    run.steps = limit.steps() if certify else None
    return run


def _pay(j, rho, rho_slope, setup, voter_class, cls_budget, cls_slope, cls_members, cls_cnt, proj_classes, run,
         limit):
    weights = setup.weights
    voter_slots = setup.voter_slots
    slot_proj = setup.slot_proj
    # group the paying supporters by class and satisfaction
    groups: dict[int, dict[object, list[int]]] = {}
    for v, s in setup.supporters[j]:
        c = voter_class[v]
        if c < 0:
            continue
        g = groups.get(c)
        if g is None:
            g = groups[c] = {}
        lst = g.get(s)
        if lst is None:
            g[s] = [v]
        else:
            lst.append(v)
    rich_w = 0
    rich_pay = None
    poor_w = 0
    poor_total = Fraction(0)
    for c, by_sat in groups.items():
        b = cls_budget[c]
        members = cls_members[c]
        parts = []  # (size, members or None for "the rest", new budget, new slope)
        in_count = 0
        for s, vs in by_sat.items():
            due = rho * s
            nb = b - due if due < b else Fraction(0)
            ns = cls_slope[c] - rho_slope * s if due < b else 0
            if limit is not None and due == b:  # paid exactly everything: must stay at nothing left
                limit.zero(cls_slope[c] - rho_slope * s)
            if run is not None:
                w = sum(weights[v] for v in vs)
                if due <= b:  # paid the full price (possibly all they had)
                    rich_w += w
                    rich_pay = due if rich_pay is None else rich_pay
                else:
                    poor_w += w
                    poor_total += w * b
            parts.append((len(vs), vs, nb, ns))
            in_count += len(vs)
        out_size = len(members) - in_count
        if out_size:
            parts.append((out_size, None, b, cls_slope[c]))
        keeper = max(range(len(parts)), key=lambda k: parts[k][0])
        cnt = cls_cnt[c]
        for k, (size, vs, nb, ns) in enumerate(parts):
            if k == keeper:
                continue
            if vs is None:  # the non-supporters leave the class
                vs = members.difference(*[p[1] for i, p in enumerate(parts) if i != k and p[1] is not None])
            new_cnt: dict[int, int] = {}
            for v in vs:
                w = weights[v]
                for slot in voter_slots[v]:
                    new_cnt[slot] = new_cnt.get(slot, 0) + w
            for slot, w in new_cnt.items():
                left = cnt[slot] - w
                if left:
                    cnt[slot] = left
                else:
                    del cnt[slot]
                    if not any(s2 in cnt for s2 in setup.proj_slots[slot_proj[slot]]):
                        proj_classes[slot_proj[slot]].discard(c)
            members.difference_update(vs)
            if nb > 0:
                nc = len(cls_budget)
                cls_budget.append(nb)
                cls_slope.append(ns)
                cls_members.append(set(vs))
                cls_cnt.append(new_cnt)
                for v in vs:
                    voter_class[v] = nc
                for slot in new_cnt:
                    proj_classes[slot_proj[slot]].add(nc)
            else:
                for v in vs:
                    voter_class[v] = -1
        nb, ns = parts[keeper][2], parts[keeper][3]
        if nb > 0:
            cls_budget[c] = nb
            cls_slope[c] = ns
        else:  # the largest part ran out of money: drop the class
            for v in members:
                voter_class[v] = -1
            for slot in cnt:
                proj_classes[slot_proj[slot]].discard(c)
            cls_budget[c] = Fraction(0)
            cls_members[c] = set()
            cls_cnt[c] = {}
    if run is not None:
        run.paid[j] = (rich_w, rich_pay, poor_w, poor_total)


# --- the rule and its completions --------------------------------------------------------------


def is_feasible(prep: Prepared, chosen: list[int]) -> bool:
    return sum((prep.costs[j] for j in chosen), Fraction(0)) <= prep.budget


def is_exhaustive(prep: Prepared, chosen: list[int], available: list[int] | None = None) -> bool:
    spent = sum((prep.costs[j] for j in chosen), Fraction(0))
    taken = set(chosen)
    pool = range(len(prep.ids)) if available is None else available
    return not any(j not in taken and prep.costs[j] + spent <= prep.budget for j in pool)


def equal_shares(prep: Prepared, *, initial: list[int] | None = None, record: bool = False) -> MESRun:
    setup = _Setup(prep, list(initial or []))
    if prep.num_voters == 0:
        return MESRun(chosen=list(initial or []))
    return run_mes(setup, Fraction(prep.budget) / prep.num_voters, record=record)


def equal_shares_add1(prep: Prepared, *, initial: list[int] | None = None, record: bool = False,
                      jump: bool = True) -> tuple[MESRun, int]:
    """pabutools' voter_budget_increment=1: raise every voter's share by 1 until the outcome is
    exhaustive (among supported projects), or return the last outcome before an infeasible one.
    Returns the run and the number of increments pabutools makes.

    With `jump`, each run certifies how many further increments cannot change its outcome
    (see `_Limit`); those increments would repeat the same outcome and the same checks, so they
    are skipped. `jump=False` steps one unit at a time, as pabutools does."""
    setup = _Setup(prep, list(initial or []))
    if prep.num_voters == 0:
        return MESRun(chosen=list(initial or [])), 0
    start = Fraction(prep.budget) / prep.num_voters
    previous = MESRun(chosen=list(setup.initial))
    k = 0
    runs = 0
    while True:
        run = run_mes(setup, start + k, certify=jump)
        runs += 1
        if not is_feasible(prep, run.chosen):
            out = previous
            break
        if is_exhaustive(prep, run.chosen, setup.eligible):
            out = run
            break
        if run.steps is None:  # the outcome can never change: pabutools would never stop
            out = run
            break
        if jump and run.steps:
            run.budget_per_voter = start + k + run.steps
            k += run.steps
        previous = run
        k += 1
    if record:
        out = run_mes(setup, out.budget_per_voter, record=True) if out.budget_per_voter else out
    out.runs = runs
    return out, k


def equal_shares_add1_official(prep: Prepared, *, record: bool = False, jump: bool = True) -> tuple[MESRun, int]:
    """pabutools' exhaustion_by_budget_increase(budget_step=number of voters, exhaustive_stop=False):
    raise every share by 1 while the outcome stays feasible; return the last feasible outcome."""
    setup = _Setup(prep, [])
    n = prep.num_voters
    if n == 0:
        return MESRun(chosen=[]), 0
    start = Fraction(prep.budget) / n
    bound = prep.budget * (n + 1)
    previous = MESRun(chosen=[])
    k = 0
    runs = 0
    while (start + k) * n <= bound:
        run = run_mes(setup, start + k, certify=jump)
        runs += 1
        if not is_feasible(prep, run.chosen):
            break
        if jump and run.steps is None:
            previous = run
            break
        if jump and run.steps:
            last = (bound - start * n) // n  # the last increment within pabutools' bound
            k = min(k + run.steps, max(k, int(last)))
            run.budget_per_voter = start + k
        previous = run
        k += 1
    out = previous
    if record and out.budget_per_voter:
        out = run_mes(setup, out.budget_per_voter, record=True)
    out.runs = runs
    return out, k


def explain(prep: Prepared, run: MESRun, explanations: dict, *, label: str = "Equal Shares") -> None:
    share = run.budget_per_voter
    for j, r in run.rounds.items():
        rich_w, pay, poor_w, poor_total = run.paid[j]
        text = f"Funded in round {r} of {label} (cost {money(prep.costs[j])}): "
        parts = []
        if rich_w:
            if prep.sat == "cost":
                parts.append(f"{rich_w:,} supporters paid {money(pay)} each")
            else:
                parts.append(f"{rich_w:,} supporters paid {money(run.rho[j])} per unit of satisfaction")
        if poor_w:
            parts.append(f"{poor_w:,} supporters paid all they had left ({money(poor_total)} in total)")
        explanations[prep.ids[j]] = text + " and ".join(parts) + "."
    for j in run.chosen:
        if prep.ids[j] not in explanations:
            explanations[prep.ids[j]] = "Funded first: it costs nothing and has supporters."
    for j, avail in run.available.items():
        cost = prep.costs[j]
        short = cost - avail
        if short > 0 and share > 0:
            extra = -(-short // share)
            explanations[prep.ids[j]] = (
                f"Not funded by {label}: when the method stopped, its supporters had {money(avail)} left in "
                f"total, {money(short)} less than its cost of {money(cost)}. It would have needed a cost of at most "
                f"{money(avail)}, or about {extra:,} more supporters bringing a full share of {money(share)} each.")
        else:
            explanations[prep.ids[j]] = (
                f"Not funded by {label}: its supporters could pay for it, but other projects were cheaper per "
                f"supporter until the budget ran out.")
    for j in range(len(prep.ids)):
        if prep.ids[j] not in explanations:
            explanations[prep.ids[j]] = "Not funded by Equal Shares: nobody supports it."
