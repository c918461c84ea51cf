"""The exact Method of Equal Shares run (`run_mes`): the reference engine and the fallback of the
array engine, and the engine for cumulative, scoring and ordinal ballots.

Money is kept in Fractions and every decision is exact. Voters are grouped into *classes* of
equal remaining budget; a purchase splits each class it touches into the supporters of the
project (who pay) and the others. Only the smaller part of a split is re-counted (small-to-large),
and voters left with nothing are dropped (they can never pay again, which changes no outcome). A
project's price is found by sorting its classes by budget per satisfaction, not its voters; floats
propose who cannot pay the full price and the price is then computed and checked exactly
(`mes_price`). Projects are examined in order of their last known price, a lower bound of their
current one (prices only rise), and the scan stops once that bound exceeds the best price of the
round, as pabutools does (the rounds: `mes_round`, shared with the run cache).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..satisfaction import Prepared
from .mes_price import UNDECIDED, exact_price, float_groups, float_price
from .mes_round import play_rounds


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
    prices: list = field(default_factory=list)  # price per satisfaction unit of each MES purchase
    exact_runs: int = 0  # runs made by the exact engine (all of them where the arrays do not apply)



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
        if prep.sat in ("cost", "cardinality"):
            # every supporter of a project gets the same satisfaction: one slot per project
            unit = [(c if prep.sat == "cost" else 1) for c in prep.costs]
            self.slot_proj = list(range(m))
            self.slot_sat = unit
            self.proj_slots = [[j] for j in range(m)]
            positive = [u > 0 for u in unit]
            plain: list[list[int]] = [[] for _ in range(m)]
            for v, (count, sats) in enumerate(prep.voters):
                slots = [j for j in sats if positive[j]]
                self.voter_slots.append(slots)
                self.weights.append(count)
                for j in slots:
                    plain[j].append(v)
            weights = self.weights
            for j in range(m):
                u = unit[j]
                self.supporters[j] = [(v, u) for v in plain[j]]
                total[j] = u * sum(weights[v] for v in plain[j])
        else:
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
        cnt0: dict[int, int] = {}
        for slot, j in enumerate(self.slot_proj):
            ssat = self.slot_sat[slot]
            w = sum(self.weights[v] for v, sv in self.supporters[j] if sv == ssat)
            if w:
                cnt0[slot] = w
        self.cnt0 = cnt0
        self.fcosts = [float(c) for c in prep.costs]
        self.slot_fsat = [float(x) for x in self.slot_sat]
        self.lower0 = {j: Fraction(prep.costs[j]) / total[j] for j in self.eligible}

    def split_off(self, cnt: dict[int, int], voters) -> tuple[dict[int, int], list[int]]:
        """Takes `voters` out of a class whose weight per slot is `cnt` (changed in place): their
        own weight per slot, and the slots the class no longer holds."""
        weights = self.weights
        voter_slots = self.voter_slots
        moved: dict[int, int] = {}
        for v in voters:
            w = weights[v]
            for slot in voter_slots[v]:
                moved[slot] = moved.get(slot, 0) + w
        emptied = []
        for slot, w in moved.items():
            left = cnt[slot] - w
            if left:
                cnt[slot] = left
            else:
                del cnt[slot]
                emptied.append(slot)
        return moved, emptied


def run_mes(setup: _Setup, per_voter: Fraction, *, record: bool = False, forced: list[int] | None = None,
            thresholds: list[Fraction] | None = None) -> MESRun | None:
    """One MES run at the given share per voter.

    With `forced` and `thresholds` (the selections and prices of a run at a smaller share b0),
    this is a *probe*: it replays the same selections at this share b1 and checks that they stay
    the MES decisions on the whole interval [b0, b1]. Along a fixed sequence of purchases, every
    voter's remaining budget grows with the share and every price falls, so it suffices that each
    other project's price at b1 stays above the bought project's price at b0 (or equal and behind
    it in the tie-breaking order), and that what stays unbought at the end is unaffordable at b1.
    A probe returns the run at b1 when this holds, else None.
    """
    prep = setup.prep
    costs = prep.costs
    weights = setup.weights
    slot_proj = setup.slot_proj
    slot_sat = setup.slot_sat
    proj_slots = setup.proj_slots
    run = MESRun(chosen=list(setup.initial), eligible=setup.eligible, budget_per_voter=per_voter)
    if per_voter <= 0 or not setup.eligible:
        return run if not forced else None

    # class 0: everybody, with the initial share
    n_voters = len(weights)
    voter_class = [0] * n_voters
    cls_budget: list[Fraction] = [per_voter]
    cls_fb: list[float] = [float(per_voter)]  # the same budgets as floats, to propose (never decide)
    fcosts = setup.fcosts
    slot_fsat = setup.slot_fsat
    cls_members: list[set | None] = [set(range(n_voters))]
    cls_cnt: list[dict | None] = [dict(setup.cnt0)]
    proj_classes: list[set] = [set() for _ in range(setup.m)]
    for slot in setup.cnt0:
        proj_classes[slot_proj[slot]].add(0)

    def price(j: int):
        """The price of project j now (see `mes_price`); None when unaffordable."""
        items, favail, denom = float_groups(proj_classes[j], proj_slots[j], cls_cnt, cls_fb, slot_sat, slot_fsat)
        rho = float_price(costs[j], fcosts[j], items, favail, denom, cls_budget, cls_fb, slot_sat, slot_fsat)
        if rho is not UNDECIDED:
            return rho
        slots = proj_slots[j]
        if len(slots) == 1:
            slot = slots[0]
            s = slot_sat[slot]
            groups = [(cls_budget[c], w, s) for c in proj_classes[j] if (w := cls_cnt[c].get(slot))]
            return exact_price(costs[j], groups, same_sat=True)
        return exact_price(costs[j], [(cls_budget[c], w, slot_sat[slot]) for c in proj_classes[j] for slot in slots
                                      if (w := cls_cnt[c].get(slot))])

    def buy(j: int, best: Fraction, round_no: int) -> None:
        if record:
            run.rho[j] = best
            run.rounds[j] = round_no
        _pay(j, best, setup, voter_class, cls_budget, cls_fb, cls_members, cls_cnt, proj_classes,
             run if record else None)

    if not play_rounds(run, setup, price, buy, forced, thresholds):
        return None
    if record:
        for j in setup.eligible:
            if j not in run.rho:  # its supporters' money when the method stopped
                run.available[j] = Fraction(sum(
                    cls_budget[c] * sum(cls_cnt[c].get(s, 0) for s in proj_slots[j]) for c in proj_classes[j]))
    return run


def _pay(j, rho, setup, voter_class, cls_budget, cls_fb, cls_members, cls_cnt, proj_classes, run):
    weights = setup.weights
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
        parts = []  # (size, members or None for "the rest", new budget)
        in_count = 0
        for s, vs in by_sat.items():
            due = rho * s
            nb = b - due if due < b else Fraction(0)
            if run is not None:
                w = sum(map(weights.__getitem__, vs))
                if due <= b:  # paid the full price (possibly all they had)
                    rich_w += w
                    rich_pay = due if rich_pay is None else rich_pay
                else:
                    poor_w += w
                    poor_total += w * b
            parts.append((len(vs), vs, nb))
            in_count += len(vs)
        out_size = len(members) - in_count
        if out_size:
            parts.append((out_size, None, b))
        keeper = max(range(len(parts)), key=lambda k: parts[k][0])
        cnt = cls_cnt[c]
        for k, (size, vs, nb) in enumerate(parts):
            if k == keeper:
                continue
            if vs is None:  # the non-supporters leave the class
                vs = members.difference(*[p[1] for i, p in enumerate(parts) if i != k and p[1] is not None])
            new_cnt, emptied = setup.split_off(cnt, vs)
            for slot in emptied:
                if not any(s2 in cnt for s2 in setup.proj_slots[slot_proj[slot]]):
                    proj_classes[slot_proj[slot]].discard(c)
            members.difference_update(vs)
            if nb > 0:
                nc = len(cls_budget)
                cls_budget.append(nb)
                cls_fb.append(float(nb))
                cls_members.append(set(vs))
                cls_cnt.append(new_cnt)
                for v in vs:
                    voter_class[v] = nc
                for slot in new_cnt:
                    proj_classes[slot_proj[slot]].add(nc)
            else:
                for v in vs:
                    voter_class[v] = -1
        nb = parts[keeper][2]
        if nb > 0:
            cls_budget[c] = nb
            cls_fb[c] = float(nb)
        else:  # the largest part ran out of money: drop the class
            for v in members:
                voter_class[v] = -1
            for slot in cnt:
                proj_classes[slot_proj[slot]].discard(c)
            cls_budget[c] = Fraction(0)
            cls_fb[c] = 0.0
            cls_members[c] = set()
            cls_cnt[c] = {}
    if run is not None:
        run.paid[j] = (rich_w, rich_pay, poor_w, poor_total)
