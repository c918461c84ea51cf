"""Method of Equal Shares (MES), as pabutools' `method_of_equal_shares`, and its completions.

Every voter starts with an equal share of the budget. Each round buys the project whose
supporters can pay for it at the lowest price per unit of satisfaction (rho), each paying
rho x satisfaction or everything they have left; ties go to the tie-breaking rank. The round
loop ends when no remaining project can be paid for by its supporters.

Exactness and speed: money is kept in Fractions and every decision is exact. Voters are grouped
into *classes* of equal remaining budget; a purchase splits each class it touches into the
supporters of the project (who pay) and the others. Only the smaller part of a split is
re-counted (small-to-large), and voters left with nothing are dropped (they can never pay again,
which changes no outcome). A project's price is found by sorting its classes by budget per
satisfaction, not its voters; floats propose who cannot pay the full price and the price is then
computed and checked exactly (see `price`). Projects are examined in order of their last known
price, a lower bound of their current one (prices only rise), and the scan stops once that bound
exceeds the best price of the round, as pabutools does.

add1 and add1-official skip share increments that provably repeat an outcome (`_Stepper`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..satisfaction import Prepared, money
from .equal_shares_arrays import Ambiguous, Arrays, applies


_EPS = 1e-9  # relative safety margin around float decisions; far above double rounding error


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
    rank = prep.rank
    weights = setup.weights
    voter_slots = setup.voter_slots
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

    remaining = set(setup.eligible)
    lower = dict(setup.lower0)
    round_no = 0

    def price_exact(j: int):
        """(rho, available money) for project j; rho is None when unaffordable."""
        cost = costs[j]
        items = []
        avail = 0
        denom = 0
        slots = proj_slots[j]
        if len(slots) == 1:
            slot = slots[0]
            s = slot_sat[slot]
            for c in proj_classes[j]:
                w = cls_cnt[c].get(slot)
                if w:
                    b = cls_budget[c]
                    items.append((b, b, w))
                    avail += b * w
                    denom += w
            denom *= s
        else:
            for c in proj_classes[j]:
                b = cls_budget[c]
                cnt = cls_cnt[c]
                for slot in slots:
                    w = cnt.get(slot)
                    if w:
                        s = slot_sat[slot]
                        items.append((b / s, b, w, s))
                        avail += b * w
                        denom += s * w
        if avail < cost:
            return None, avail
        items.sort(key=lambda it: it[0])
        contrib = 0
        if len(slots) == 1:
            for _, b, w in items:
                # afford = (cost - contrib) / denom; a supporter can pay iff afford * s <= b
                if (cost - contrib) * s <= b * denom:
                    return Fraction(cost - contrib) / denom, avail
                contrib += b * w
                denom -= s * w
        else:
            for _, b, w, s in items:
                if (cost - contrib) * s <= b * denom:
                    return Fraction(cost - contrib) / denom, avail
                contrib += b * w
                denom -= s * w
        raise AssertionError("affordable project without a paying supporter")  # pragma: no cover

    def price(j: int):
        """As price_exact, but sorts and scans with floats, then checks the outcome exactly.

        Floats only propose the set of supporters who cannot pay the full price; the price is then
        computed exactly from that set, and every supporter whose float position is within a
        safety margin of the price is re-checked exactly. If any check fails, or affordability is
        too close to call, the exact computation decides."""
        cost = costs[j]
        fcost = fcosts[j]
        items = []
        favail = 0.0
        denom = 0
        for c in proj_classes[j]:
            fb = cls_fb[c]
            if fb <= 0.0:
                continue
            cnt = cls_cnt[c]
            for slot in proj_slots[j]:
                w = cnt.get(slot)
                if w:
                    fs = slot_fsat[slot]
                    items.append((fb / fs, c, w, slot))
                    favail += fb * w
                    denom += slot_sat[slot] * w
        if favail < fcost * (1 - _EPS):
            return None, None
        if favail <= fcost * (1 + _EPS):
            return price_exact(j)
        items.sort()
        fden = float(denom)
        fcontrib = 0.0
        k = 0
        for k, (fkey, c, w, slot) in enumerate(items):
            fs = slot_fsat[slot]
            if (fcost - fcontrib) * fs <= cls_fb[c] * fden:
                break
            fcontrib += cls_fb[c] * w
            fden -= fs * w
        else:  # pragma: no cover - float rounding
            return price_exact(j)
        contrib = 0
        rich = denom
        for _, c, w, slot in items[:k]:
            contrib += cls_budget[c] * w
            rich -= slot_sat[slot] * w
        if rich <= 0 or contrib >= cost:  # pragma: no cover
            return price_exact(j)
        rho = Fraction(cost - contrib) / rich
        frho = float(rho)
        lo = frho * (1 - _EPS)
        hi = frho * (1 + _EPS)
        # supporters near the price: their side must be right exactly
        i = k - 1
        while i >= 0 and items[i][0] >= lo:
            _, c, w, slot = items[i]
            if not cls_budget[c] < rho * slot_sat[slot]:
                return price_exact(j)
            i -= 1
        i = k
        while i < len(items) and items[i][0] <= hi:
            _, c, w, slot = items[i]
            if cls_budget[c] < rho * slot_sat[slot]:
                return price_exact(j)
            i += 1
        return rho, None

    while remaining:
        if forced is not None:
            if round_no == len(forced):  # the replay is over: nothing else may be affordable
                for j in remaining:
                    if price(j)[0] is not None:
                        return None
                break
            j = forced[round_no]
            threshold = thresholds[round_no]
            for k in sorted(remaining, key=lower.__getitem__):
                if lower[k] > threshold:
                    break
                if k == j:
                    continue
                rho, _ = price(k)
                if rho is None:
                    remaining.discard(k)
                    continue
                lower[k] = rho
                if rho < threshold or (rho == threshold and rank[k] < rank[j]):
                    return None
            best, _ = price(j)
            if best is None:  # pragma: no cover - budgets only grow with the share
                return None
        else:
            best = None
            tied: list[int] = []
            for j in sorted(remaining, key=lower.__getitem__):
                if best is not None and lower[j] > best:
                    break
                rho, _ = price(j)
                if rho is None:
                    remaining.discard(j)
                    continue
                lower[j] = rho
                if best is None or rho < best:
                    best, tied = rho, [j]
                elif rho == best:
                    tied.append(j)
            if best is None:
                break
            j = min(tied, key=rank.__getitem__) if len(tied) > 1 else tied[0]
        round_no += 1
        remaining.discard(j)
        run.chosen.append(j)
        run.prices.append(best)
        if record:
            run.rho[j] = best
            run.rounds[j] = round_no
        _pay(j, best, setup, voter_class, cls_budget, cls_fb, cls_members, cls_cnt, proj_classes,
             run if record else None)
    if forced is not None and round_no < len(forced):  # pragma: no cover - ran out of projects early
        return None
    if record:
        for j in setup.eligible:
            if j not in run.rho:  # its supporters' money when the method stopped
                run.available[j] = Fraction(sum(
                    cls_budget[c] * sum(cls_cnt[c].get(s, 0) for s in proj_slots[j]) for c in proj_classes[j]))
    return run


def _pay(j, rho, setup, voter_class, cls_budget, cls_fb, cls_members, cls_cnt, proj_classes, run):
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


# --- the rule and its completions --------------------------------------------------------------


def is_feasible(prep: Prepared, chosen: list[int]) -> bool:
    return sum((prep.costs[j] for j in chosen), Fraction(0)) <= prep.budget


def is_exhaustive(prep: Prepared, chosen: list[int], available: list[int] | None = None) -> bool:
    spent = sum((prep.costs[j] for j in chosen), Fraction(0))
    taken = set(chosen)
    pool = range(len(prep.ids)) if available is None else available
    return not any(j not in taken and prep.costs[j] + spent <= prep.budget for j in pool)


def equal_shares(prep: Prepared, *, initial: list[int] | None = None, record: bool = False) -> MESRun:
    if prep.num_voters == 0:
        return MESRun(chosen=list(initial or []))
    return _Runner(prep, list(initial or [])).run(Fraction(prep.budget) / prep.num_voters, record=record)


class _Runner:
    """Runs MES at any share: on arrays where the ballots allow it (`equal_shares_arrays`),
    exactly (`run_mes`, through the partition trie for walks) where they do not or where floats
    cannot decide."""

    def __init__(self, prep: Prepared, initial: list[int], *, walk: bool = False):
        self.prep = prep
        self.initial = initial
        self.walk = walk
        self.arrays = Arrays(prep, initial, many=walk) if applies(prep) else None
        self._setup: _Setup | None = None
        self._trie: _Trie | None = None
        self.runs = 0
        self.exact_runs = 0

    @property
    def setup(self) -> _Setup:
        if self._setup is None:
            self._setup = _Setup(self.prep, self.initial)
        return self._setup

    def run(self, share: Fraction, *, record: bool = False):
        """The MES run at `share` (a MESRun when `record`)."""
        self.runs += 1
        if self.arrays is not None:
            try:
                run = self.arrays.run(share)
            except Ambiguous:
                pass  # floats could not decide a poor set: count exactly below
            else:
                return _recorded(run) if record else run
        return self._exact(share, record=record)

    def probe(self, share: Fraction, forced: list[int], previous) -> tuple[bool, object]:
        """(whether the purchases `forced` of `previous`, a run at a smaller share, are proved to
        stay the MES decisions on the whole interval up to `share` (see `run_mes`), the run at
        `share` or None). On arrays the run at `share` comes with the answer at no extra cost."""
        self.runs += 1
        if self.arrays is not None:
            try:
                run = self.arrays.run(share, forced=forced, previous=_prices_of(previous))
            except Ambiguous:
                return False, None
            return run.certified, run
        run = self._exact(share, forced=forced, thresholds=previous.prices)
        return run is not None, run

    def _exact(self, share, *, record=False, forced=None, thresholds=None):
        self.exact_runs += 1
        if record or not self.walk:
            return run_mes(self.setup, share, record=record, forced=forced, thresholds=thresholds)
        if self._trie is None:
            self._trie = _Trie(self.setup)
        # The trie pays off when runs share their first purchases. When it outgrows its memory
        # bound often (runs diverge early), plain runs are cheaper.
        if self._trie.resets >= 2 and self._trie.resets * 20 > self.exact_runs:
            return run_mes(self.setup, share, forced=forced, thresholds=thresholds)
        return self._trie.run(share, forced, thresholds)

    def eligible(self) -> list[int]:
        return self.arrays.eligible if self.arrays is not None else self.setup.eligible

    def first(self) -> list[int]:
        """What every run starts with: the given projects, then free ones with supporters."""
        return self.arrays.initial if self.arrays is not None else self.setup.initial

    def record(self, run):
        """The run again, with the figures the explanations need."""
        if isinstance(run, MESRun):
            if not run.budget_per_voter or run.rho or run.available:
                return run
            return self.run(run.budget_per_voter, record=True)
        return _recorded(run)


def _recorded(run) -> MESRun:
    rho, rounds, paid, available = run.record()
    return MESRun(chosen=list(run.chosen), rho=rho, rounds=rounds, paid=paid, available=available,
                  eligible=run.eligible, budget_per_voter=run.budget_per_voter, prices=run.prices)


class _ExactPrices:
    """An exact run's prices, as the array probes read a previous run's."""

    def __init__(self, prices: list[Fraction]):
        self.prices = prices
        self.rho_f = [float(x) for x in prices]
        self.rho_err = [x * 2.0 ** -48 for x in self.rho_f]

    def exact_rho_of_round(self, r: int) -> Fraction:
        return self.prices[r]


def _prices_of(run):
    return _ExactPrices(run.prices) if isinstance(run, MESRun) else run


class _Trie:
    """MES runs that share their first purchases share the work of splitting voters into classes.

    Which voters end up together depends only on the sequence of purchases, not on the share, so
    the partition after each prefix of purchases is kept in a trie node: which classes split into
    which (and by what satisfaction), and lazily, per project, the classes holding its supporters.
    A run then only recomputes each class's budget from its parent's, and prices. Classes are never
    dropped here (a class broke at one share can have money at a larger one); prices skip empty
    ones. Used by the add1 walks, which run MES at many shares; `run_mes` stays the reference.
    """

    # voter-in-class and class-per-project entries kept before the cache starts afresh (a few
    # hundred MB at most)
    _MAX_MEMBERS = 3_000_000

    def __init__(self, setup: _Setup):
        self.setup = setup
        self.resets = 0
        # project -> [(satisfaction, frozenset of voters giving it)]
        self.by_sat = []
        for sup in setup.supporters:
            groups: dict[object, set] = {}
            for v, sv in sup:
                groups.setdefault(sv, set()).add(v)
            self.by_sat.append([(sv, frozenset(vs)) for sv, vs in groups.items()])
        self._reset()

    def _reset(self) -> None:
        setup = self.setup
        self.cnt: list[dict] = [setup.cnt0]
        self.members: list[frozenset | set] = [frozenset(range(len(setup.weights)))]
        self.stored = len(self.members[0])
        root_pc = {}
        for slot in setup.cnt0:
            root_pc[setup.slot_proj[slot]] = [0]
        self.root = _Node(None, (), root_pc)

    def _classes(self, node: "_Node", j: int) -> list[int]:
        """Classes of this node holding supporters of j (computed once per node and project)."""
        got = node.pc.get(j)
        if got is not None:
            return got
        chain = []
        while got is None:  # climb to the nearest node that knows, then come back down
            chain.append(node)
            node = node.parent
            got = node.pc.get(j)
        slots = self.setup.proj_slots[j]
        cnt = self.cnt
        for node in reversed(chain):
            split = node.split_map
            out = []
            for c in got:
                parts = split.get(c)
                if parts is None:
                    out.append(c)
                else:
                    for new, _ in parts:
                        if _has(cnt[new], slots):
                            out.append(new)
            node.pc[j] = got = out
            self.stored += len(out)
        return got

    def _child(self, node: "_Node", j: int) -> "_Node":
        child = node.children.get(j)
        if child is not None:
            return child
        if self.stored > self._MAX_MEMBERS:
            self.resets += 1
            self._reset()
            raise _Restart()
        setup = self.setup
        weights = setup.weights
        voter_slots = setup.voter_slots
        by_sat = self.by_sat[j]
        splits = []
        for c in self._classes(node, j):
            members = self.members[c]
            parts = []
            inside = 0
            for sv, voters in by_sat:
                part = members & voters
                if part:
                    parts.append((part, sv))
                    inside += len(part)
            if inside < len(members):
                if len(parts) == 1:
                    parts.append((members - parts[0][0], None))
                else:
                    parts.append((members.difference(*[p for p, _ in parts]), None))
            if len(parts) == 1:  # everybody in the class pays alike: same voters, same counts
                self.cnt.append(self.cnt[c])
                self.members.append(members)
                splits.append((c, [(len(self.cnt) - 1, parts[0][1])]))
                continue
            big = max(range(len(parts)), key=lambda k: len(parts[k][0]))
            rest = dict(self.cnt[c])
            made = []
            for k, (vs, sv) in enumerate(parts):
                if k == big:
                    continue
                new_cnt: dict[int, int] = {}
                for v in vs:
                    w = weights[v]
                    for slot in voter_slots[v]:
                        new_cnt[slot] = new_cnt.get(slot, 0) + w
                for slot, w in new_cnt.items():
                    left = rest[slot] - w
                    if left:
                        rest[slot] = left
                    else:
                        del rest[slot]
                made.append((new_cnt, vs, sv))
            made.append((rest, parts[big][0], parts[big][1]))
            entry = []
            for new_cnt, vs, sv in made:
                self.cnt.append(new_cnt)
                self.members.append(vs)
                self.stored += len(vs)
                entry.append((len(self.cnt) - 1, sv))
            splits.append((c, entry))
        child = _Node(node, splits, {})
        node.children[j] = child
        return child

    def run(self, per_voter: Fraction, forced: list[int] | None = None,
            thresholds: list[Fraction] | None = None) -> MESRun | None:
        """As `run_mes` without `record`, on the cached partitions."""
        while True:
            try:
                return self._run(per_voter, forced, thresholds)
            except _Restart:
                continue

    def _run(self, per_voter, forced, thresholds):
        setup = self.setup
        prep = setup.prep
        costs = prep.costs
        fcosts = setup.fcosts
        rank = prep.rank
        proj_slots = setup.proj_slots
        slot_sat = setup.slot_sat
        slot_fsat = setup.slot_fsat
        cnts = self.cnt
        run = MESRun(chosen=list(setup.initial), eligible=setup.eligible, budget_per_voter=per_voter)
        if per_voter <= 0 or not setup.eligible:
            return run if not forced else None
        budget = {0: per_voter}
        fbudget = {0: float(per_voter)}
        node = self.root
        remaining = set(setup.eligible)
        lower = dict(setup.lower0)
        round_no = 0

        def price(j):
            cost = costs[j]
            fcost = fcosts[j]
            items = []
            favail = 0.0
            denom = 0
            slots = proj_slots[j]
            for c in self._classes(node, j):
                fb = fbudget[c]
                if fb <= 0.0:
                    continue
                cnt = cnts[c]
                for slot in slots:
                    w = cnt.get(slot)
                    if w:
                        fs = slot_fsat[slot]
                        items.append((fb / fs, c, w, slot))
                        favail += fb * w
                        denom += slot_sat[slot] * w
            if favail < fcost * (1 - _EPS):
                return None
            exact = favail <= fcost * (1 + _EPS)
            if not exact:
                items.sort()
                fden = float(denom)
                fcontrib = 0.0
                k = -1
                for i, (fkey, c, w, slot) in enumerate(items):
                    fs = slot_fsat[slot]
                    if (fcost - fcontrib) * fs <= fbudget[c] * fden:
                        k = i
                        break
                    fcontrib += fbudget[c] * w
                    fden -= fs * w
                if k < 0:
                    exact = True
            if not exact:
                contrib = 0
                rich = denom
                for _, c, w, slot in items[:k]:
                    contrib += budget[c] * w
                    rich -= slot_sat[slot] * w
                if rich <= 0 or contrib >= cost:
                    exact = True
            if not exact:
                rho = Fraction(cost - contrib) / rich
                frho = float(rho)
                lo = frho * (1 - _EPS)
                hi = frho * (1 + _EPS)
                i = k - 1
                while i >= 0 and items[i][0] >= lo:
                    _, c, w, slot = items[i]
                    if not budget[c] < rho * slot_sat[slot]:
                        exact = True
                        break
                    i -= 1
                i = k
                while not exact and i < len(items) and items[i][0] <= hi:
                    _, c, w, slot = items[i]
                    if budget[c] < rho * slot_sat[slot]:
                        exact = True
                    i += 1
                if not exact:
                    return rho
            # exact computation
            ex = []
            avail = 0
            denom = 0
            for _, c, w, slot in items:
                b = budget[c]
                sv = slot_sat[slot]
                ex.append((b / sv, b, w, sv))
                avail += b * w
                denom += sv * w
            if avail < cost:
                return None
            ex.sort(key=lambda it: it[0])
            contrib = 0
            for _, b, w, sv in ex:
                if (cost - contrib) * sv <= b * denom:
                    return Fraction(cost - contrib) / denom
                contrib += b * w
                denom -= sv * w
            raise AssertionError("affordable project without a paying supporter")  # pragma: no cover

        while remaining:
            if forced is not None:
                if round_no == len(forced):
                    for j in remaining:
                        if price(j) is not None:
                            return None
                    break
                j = forced[round_no]
                threshold = thresholds[round_no]
                for k in sorted(remaining, key=lower.__getitem__):
                    if lower[k] > threshold:
                        break
                    if k == j:
                        continue
                    rho = price(k)
                    if rho is None:
                        remaining.discard(k)
                        continue
                    lower[k] = rho
                    if rho < threshold or (rho == threshold and rank[k] < rank[j]):
                        return None
                best = price(j)
                if best is None:  # pragma: no cover - budgets only grow with the share
                    return None
            else:
                best = None
                tied: list[int] = []
                for j in sorted(remaining, key=lower.__getitem__):
                    if best is not None and lower[j] > best:
                        break
                    rho = price(j)
                    if rho is None:
                        remaining.discard(j)
                        continue
                    lower[j] = rho
                    if best is None or rho < best:
                        best, tied = rho, [j]
                    elif rho == best:
                        tied.append(j)
                if best is None:
                    break
                j = min(tied, key=rank.__getitem__) if len(tied) > 1 else tied[0]
            round_no += 1
            remaining.discard(j)
            run.chosen.append(j)
            run.prices.append(best)
            node = self._child(node, j)
            for old, parts in node.splits:
                b = budget[old]
                for new, sv in parts:
                    if sv is None or b <= 0:
                        nb = b
                    else:
                        due = best * sv
                        nb = b - due if due < b else Fraction(0)
                    budget[new] = nb
                    fbudget[new] = float(nb)
        if forced is not None and round_no < len(forced):  # pragma: no cover
            return None
        return run


class _Restart(Exception):
    """The trie was cleared to bound memory; the run starts again."""


class _Node:
    __slots__ = ("parent", "splits", "split_map", "pc", "children")

    def __init__(self, parent, splits, pc):
        self.parent = parent
        self.splits = splits
        self.split_map = dict(splits)
        self.pc = pc
        self.children = {}


def _has(cnt: dict, slots: list[int]) -> bool:
    for slot in slots:
        if slot in cnt:
            return True
    return False


class _Stepper:
    """Walks the share per voter up in unit increments, as pabutools does, but skips increments
    that provably repeat the current outcome.

    From a run at share b, a probe at b + g (see `run_mes`) certifies that every share in
    [b, b + g] gives the same outcome; such increments would repeat the same checks, so they
    are skipped. The gap g halves after a failure and doubles after two successes in a row.
    On arrays a failed probe still is the run at its share, so at g = 1 it costs nothing extra.
    For the exact engine, where the outcome changes at almost every increment, steps run
    directly (no probes) until two increments in a row keep the outcome."""

    def __init__(self, runner: _Runner, start: Fraction, jump: bool):
        self.runner = runner
        self.start = start
        self.jump = jump
        self.k = 0
        self.gap = 1
        self.good = 1  # the last gap a probe certified
        self.failed = False  # whether the last probe failed
        self.dense = False
        self.repeats = 0
        self.run = runner.run(start)

    @property
    def runs(self) -> int:
        return self.runner.runs

    def advance(self) -> None:
        """Move to the next increment whose outcome may differ (without jumps: the next one)."""
        if self.jump and not self.dense:
            bought = self.run.chosen[len(self.runner.first()):]
            while True:
                certified, run = self.runner.probe(self.start + self.k + self.gap, bought, self.run)
                if certified:
                    self.k += self.gap
                    self.run = run
                    self.good = self.gap
                    if not self.failed:  # grow only after two successes in a row
                        self.gap *= 2
                    self.failed = False
                    return
                self.failed = True
                if self.gap == 1:
                    if run is not None:  # the run at the next share came with the failed probe
                        self.k += 1
                        self.run = run
                        return
                    # the outcome changes at the very next share: where changes come thick and
                    # fast, probing wastes a run, so steps run directly until one repeats
                    self.dense = True
                    break
                self.gap //= 2
        before = self.run.chosen
        self.k += 1
        # the next stretch is probably about as long as the last: start near its last good gap
        self.gap = max(1, self.good // 2)
        self.run = self.runner.run(self.start + self.k)
        if self.dense:  # probe again once two steps in a row kept the outcome
            self.repeats = self.repeats + 1 if self.run.chosen == before else 0
            if self.repeats >= 2:
                self.dense = False
                self.repeats = 0


def equal_shares_add1(prep: Prepared, *, initial: list[int] | None = None, record: bool = False,
                      jump: bool = True) -> tuple[MESRun, int]:
    """pabutools' voter_budget_increment=1: raise every voter's share by 1 until the outcome is
    exhaustive (among supported projects), or return the last outcome before an infeasible one.
    Returns the run and the number of increments pabutools makes. `jump=False` runs every
    increment, as pabutools does (the tests compare both)."""
    if prep.num_voters == 0:
        return MESRun(chosen=list(initial or [])), 0
    runner = _Runner(prep, list(initial or []), walk=True)
    eligible = runner.eligible()
    walk = _Stepper(runner, Fraction(prep.budget) / prep.num_voters, jump)
    previous = MESRun(chosen=list(runner.first()))
    while True:
        run = walk.run
        if not is_feasible(prep, run.chosen):
            out = previous
            break
        if is_exhaustive(prep, run.chosen, eligible):
            out = run
            break
        previous = run
        walk.advance()
    if record:
        out = runner.record(out)
    out.runs, out.exact_runs = walk.runs, runner.exact_runs
    return out, walk.k


def equal_shares_add1_official(prep: Prepared, *, record: bool = False, jump: bool = True) -> tuple[MESRun, int]:
    """pabutools' exhaustion_by_budget_increase(budget_step=number of voters, exhaustive_stop=False):
    raise every share by 1 while the outcome stays feasible (up to pabutools' bound of
    budget x (voters + 1) in total); return the last feasible outcome."""
    n = prep.num_voters
    if n == 0:
        return MESRun(chosen=[]), 0
    runner = _Runner(prep, [], walk=True)
    start = Fraction(prep.budget) / n
    last = int((prep.budget * (n + 1) - start * n) // n)  # the last increment within the bound
    walk = _Stepper(runner, start, jump)
    previous = MESRun(chosen=[])
    while walk.k <= last:
        run = walk.run
        if not is_feasible(prep, run.chosen):
            break
        previous = run
        walk.advance()
    out = previous
    if record:
        out = runner.record(out)
    out.runs, out.exact_runs = walk.runs, runner.exact_runs
    return out, min(walk.k, last + 1)


def explain(prep: Prepared, run: MESRun, explanations: dict, *, label: str = "Equal Shares") -> None:
    share = run.budget_per_voter
    for j, r in run.rounds.items():
        rich_w, pay, poor_w, poor_total = run.paid[j]
        text = f"Funded in round {r} of {label} (cost {money(prep.costs[j])}): "
        parts = []
        if rich_w:
            if prep.sat in ("cost", "cardinality"):
                parts.append(f"{rich_w:,} supporters paid {money(pay)} each")
            else:
                unit = "point" if prep.sat == "points" else "Borda point"
                parts.append(f"{rich_w:,} supporters paid {money(run.rho[j])} per {unit} they gave it")
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
