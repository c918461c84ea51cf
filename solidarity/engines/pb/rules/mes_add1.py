"""The MES runner (arrays where the ballots allow, else exact) and the add1 completions:
`equal_shares_add1` (pabutools' voter_budget_increment=1) and `equal_shares_add1_official`
(exhaustion_by_budget_increase), which skip share increments that provably repeat an outcome
(`_Stepper`)."""

from __future__ import annotations

from fractions import Fraction

from ..satisfaction import Prepared
from .equal_shares_arrays import Ambiguous, Arrays, applies
from .mes_exact import MESRun, _Setup, run_mes
from .mes_trie import _Trie


def is_feasible(prep: Prepared, chosen: list[int]) -> bool:
    return sum((prep.costs[j] for j in chosen), Fraction(0)) <= prep.budget


def is_exhaustive(prep: Prepared, chosen: list[int], available: list[int] | None = None) -> bool:
    spent = sum((prep.costs[j] for j in chosen), Fraction(0))
    taken = set(chosen)
    pool = range(len(prep.ids)) if available is None else available
    return not any(j not in taken and prep.costs[j] + spent <= prep.budget for j in pool)


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
