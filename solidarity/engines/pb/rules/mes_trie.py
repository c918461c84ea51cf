"""The run cache of the add1 walks: MES runs that share their first purchases share the work of
splitting voters into classes (`_Trie`). `mes_exact.run_mes` stays the reference."""

from __future__ import annotations

from fractions import Fraction

from .mes_exact import MESRun, _Setup
from .mes_price import UNDECIDED, exact_price, float_groups, float_price
from .mes_round import play_rounds


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
                made.append((setup.split_off(rest, vs)[0], vs, sv))
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

        def price(j):
            items, favail, denom = float_groups(self._classes(node, j), proj_slots[j], cnts, fbudget,
                                                slot_sat, slot_fsat)
            rho = float_price(costs[j], fcosts[j], items, favail, denom, budget, fbudget, slot_sat, slot_fsat)
            if rho is UNDECIDED:
                return exact_price(costs[j], [(budget[c], w, slot_sat[slot]) for _, c, w, slot in items])
            return rho

        def buy(j, best, round_no):
            nonlocal node
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

        if not play_rounds(run, setup, price, buy, forced, thresholds):
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
