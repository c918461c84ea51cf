"""Method of Equal Shares on arrays, for ballots that give every supporter of a project the same
satisfaction (approval and choose-1 ballots under `cost` or `cardinality` satisfaction).

Every distinct ballot is one row; its remaining budget is a float. Floats only *propose*: every
decision comes with a proof that the exact value decides the same way, or it is decided exactly.

- Each float budget is within `err` of the exact budget. `err` starts at the rounding of the
  share and grows with each purchase by a bound on the error of the price paid, itself bounded
  from the errors of the budgets it sums (see `_Run._price`). All bounds carry a safety factor.
- A price proposes who cannot pay in full (the "poor"). The proposal is accepted only if every
  supporter's budget lies farther from the price than both errors together; then the poor set is
  exactly the exact one, and the price is within its bound of the exact price.
- A project is chosen only if its price interval lies below every other project's, or the exact
  prices (below) break the overlap. Unaffordable means below by more than the error.
- Exact values are computed only when needed. A voter who still has money has paid the full
  price of every project they support that has been bought, so its exact budget is the share
  minus those prices; the exact price of each purchase follows from the exact budgets of its poor
  supporters (`_Run.exact_price`). The explanations use these exact values too.

When a poor set cannot be proved, `Ambiguous` is raised and the caller runs the exact engine
(`equal_shares.run_mes`). Probes (see `equal_shares.run_mes`) never raise: any doubt fails them,
which only costs the walk an extra run.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..satisfaction import Prepared

_U = 2.0 ** -52  # one unit in the last place, relative
_SAFETY = 16.0   # every rounding error is bounded with this factor to spare
_BITS = 256      # fraction bits of the fixed-point prices
_ONE = 1 << _BITS


class Ambiguous(Exception):
    """Floats cannot decide a poor set here: the exact engine must run."""


def applies(prep: Prepared) -> bool:
    return prep.sat in ("cost", "cardinality")


class Arrays:
    """What does not depend on the share: supporters per project as arrays of ballot rows."""

    def __init__(self, prep: Prepared, initial: list[int]):
        m = len(prep.ids)
        self.prep = prep
        self.m = m
        unit = [(c if prep.sat == "cost" else 1) for c in prep.costs]
        taken = set(initial)
        rows, cols, weights = [], [], []
        for i, (count, sats) in enumerate(prep.voters):
            weights.append(count)
            for j in sats:
                if unit[j] > 0:
                    rows.append(i)
                    cols.append(j)
        self.w = np.array(weights, dtype=np.int64)
        self.n_rows = len(weights)
        rows = np.array(rows, dtype=np.int64)
        cols = np.array(cols, dtype=np.int64)
        # ballots -> projects (CSR), for exact sums
        self.row_ptr = np.searchsorted(rows, np.arange(self.n_rows + 1))
        self.row_cols = cols
        order = np.argsort(cols, kind="stable")
        by_col = rows[order]
        ptr = np.searchsorted(cols[order], np.arange(m + 1))
        self.sup = [by_col[ptr[j]:ptr[j + 1]] for j in range(m)]
        self.wsup = [self.w[s] for s in self.sup]
        self.wsup_f = [x.astype(np.float64) for x in self.wsup]
        self.W = [int(x.sum()) for x in self.wsup]
        self.unit = unit
        self.cost_f = [float(c) for c in prep.costs]
        self.unit_f = [float(u) for u in unit]
        free = [j for j in range(m) if j not in taken and self.W[j] > 0 and prep.costs[j] == 0]
        free.sort(key=lambda j: prep.rank[j])
        self.initial = list(initial) + free
        self.eligible = [j for j in range(m) if j not in taken and self.W[j] > 0 and prep.costs[j] > 0]
        # the first price of each project (everybody can pay c / W), minus its rounding: a lower bound
        self.lower0 = {j: (self.cost_f[j] / self.W[j] / self.unit_f[j]) * (1 - 4 * _U) for j in self.eligible}

    def run(self, share: Fraction, *, forced: list[int] | None = None, previous: _Run | None = None) -> _Run | None:
        """One MES run at `share` per voter, or a probe that replays `forced` (the purchases of
        `previous`, a run at a smaller share) and proves they stay the MES decisions on the whole
        interval between both shares (see `equal_shares.run_mes`). A failed probe returns None."""
        run = _Run(self, share)
        return run if run.go(forced, previous) else None


_UNAFFORDABLE = None


class _Run:
    """One run: float budgets per ballot row, and what is needed to recompute anything exactly."""

    def __init__(self, arrays: Arrays, share: Fraction):
        self.a = arrays
        self.share = Fraction(share)
        self.budget_per_voter = self.share
        self.chosen = list(arrays.initial)
        self.bought: list[int] = []
        # per purchase: (project, float price per supporter, its error bound, rows newly emptied,
        # weight of all poor supporters, weight of the supporters paying in full)
        self.log: list[tuple] = []
        self.rho_f: list[float] = []
        self.rho_err: list[float] = []
        self._exact: list[Fraction] = []  # exact prices of the first purchases, computed on demand
        self.pround = np.full(arrays.m, arrays.m + 1, dtype=np.int64)  # project -> purchase index
        self.fixed: list[int] = []  # per purchase: the price in fixed point (see _fixed_price)
        self.fixed_err: list[float] = []
        self.runs = 1
        self.eligible = arrays.eligible

    # --- floats ------------------------------------------------------------------------------

    def _price(self, j: int):
        """(price per supporter, error bound, poor mask, supporter budgets) for project j;
        _UNAFFORDABLE when its supporters certainly cannot pay; raises Ambiguous when the float
        values are too close to call."""
        a = self.a
        bj = self.b[a.sup[j]]
        ws = a.wsup_f[j]
        c = a.cost_f[j]
        W = a.W[j]
        n = bj.size
        total = float(ws @ bj)
        slack = W * self.err + _SAFETY * (n * _U * total + _U * c)
        if total + slack < c:
            return _UNAFFORDABLE
        if total - slack < c:  # too close to call: count the money exactly
            rows = a.sup[j]
            if self.exact_sum(rows[bj > 0.0], len(self.bought)) < a.prep.costs[j]:
                return _UNAFFORDABLE
        p = c / W
        poor = bj < p
        k = int(np.count_nonzero(poor))
        Wp = 0
        Sp = 0.0
        while k:
            Wp = int(a.wsup[j][poor].sum())
            if Wp == W:  # everybody would pay all they have: an exact tie of money and cost
                raise Ambiguous("poor set")
            Sp = float(ws[poor] @ bj[poor])
            p = (c - Sp) / (W - Wp)
            poor = bj < p
            k2 = int(np.count_nonzero(poor))
            if k2 == k:
                break
            k = k2
        # the budgets' error carried through the sum, plus this computation's own rounding
        err_p = (Wp * self.err + _SAFETY * n * _U * (Sp + c)) / (W - Wp) + _SAFETY * 2 * _U * p
        gap = float(np.abs(bj - p).min())
        if gap <= err_p + self.err:
            raise Ambiguous("poor set")
        return p, err_p, poor, bj

    def _rho(self, j: int, priced) -> tuple[float, float]:
        u = self.a.unit_f[j]
        p, err_p = priced[0], priced[1]
        rho = p / u
        return rho, err_p / u + 4 * _U * rho

    def _buy(self, j: int, priced) -> None:
        """Buy j. Its supporters pay a price recomputed in fixed point with `_BITS` fraction bits
        from the purchases before (see `_fixed_price`), not the float proposal: so each budget's
        error stays a few roundings per purchase instead of compounding through the prices."""
        a = self.a
        _, err_p, poor, bj = priced
        rows = a.sup[j]
        emptied = rows[poor & (bj > 0.0)]
        Wp = int(a.wsup[j][poor].sum()) if poor.any() else 0
        rich = a.W[j] - Wp
        fixed, fixed_err = self._fixed_price(j, emptied, rich)
        p = fixed / _ONE
        nb = bj - p
        nb[poor] = 0.0
        self.b[rows] = nb
        r = len(self.bought)
        self.log.append((j, p, err_p, emptied, Wp, rich))
        self.fixed.append(fixed)
        self.fixed_err.append(fixed_err)
        self.pround[j] = r
        self.bought.append(j)
        self.chosen.append(j)
        rho, err_rho = self._rho(j, priced)
        self.rho_f.append(rho)
        self.rho_err.append(err_rho)
        # the float price's distance to the exact one, and the rounding of the subtraction
        self.err += _SAFETY * _U * (p + self.share_f) + (fixed_err + 1) / _ONE

    def _fixed_price(self, j: int, emptied: np.ndarray, rich: int) -> tuple[int, float]:
        """The price per full payer times 2**_BITS, rounded down, with a bound on its distance to
        the exact value (in units of 2**-_BITS). It solves cost = poor money + rich x price,
        where the poor money is the share times their weight minus the prices they paid before."""
        a = self.a
        cost = a.prep.costs[j]
        num = (cost.numerator << _BITS) // cost.denominator if isinstance(cost, Fraction) else cost << _BITS
        err = 1.0
        if emptied.size:
            num -= int(a.w[emptied].sum()) * self.share_fixed
            err += float(a.w[emptied].sum())
            counts = self._counts(emptied, len(self.bought))
            fixed, fixed_err = self.fixed, self.fixed_err
            for r in np.flatnonzero(counts):
                n = int(counts[r])
                num += n * fixed[r]
                err += n * fixed_err[r]
        return num // rich, err / rich + 1.0

    # --- the run -----------------------------------------------------------------------------

    def go(self, forced, previous) -> bool:
        a = self.a
        self.share_f = float(self.share)
        if self.share <= 0 or not a.eligible:
            return not forced
        self.b = np.full(a.n_rows, self.share_f)
        self.share_fixed = (self.share.numerator << _BITS) // self.share.denominator
        self.err = _SAFETY * _U * self.share_f
        remaining = set(a.eligible)
        lower = dict(a.lower0)
        probe = forced is not None
        rank = a.prep.rank
        while remaining:
            r = len(self.bought)
            if probe:
                try:
                    if r == len(forced):  # the replay is over: nothing else may be affordable
                        return all(self._price(k) is _UNAFFORDABLE for k in remaining)
                    j = forced[r]
                    if j not in remaining:  # pragma: no cover - budgets only grow with the share
                        return False
                    thr = previous.rho_f[r] + previous.rho_err[r]
                    for k in sorted(remaining, key=lower.__getitem__):
                        if lower[k] > thr:
                            break
                        if k == j:
                            continue
                        priced = self._price(k)
                        if priced is _UNAFFORDABLE:
                            remaining.discard(k)
                            continue
                        rho, err = self._rho(k, priced)
                        lower[k] = rho - err
                        if rho - err <= thr:
                            # too close to call with floats: compare exactly
                            mine = self.exact_rho(k, priced)
                            theirs = previous.exact_rho_of_round(r)
                            if mine < theirs or (mine == theirs and rank[k] < rank[j]):
                                return False
                    priced = self._price(j)
                    if priced is _UNAFFORDABLE:  # pragma: no cover - budgets only grow with the share
                        return False
                except Ambiguous:
                    return False
            else:
                best = None  # (rho, err, j, priced)
                close = []
                for k in sorted(remaining, key=lower.__getitem__):
                    if best is not None and lower[k] > best[0] + best[1]:
                        break
                    priced = self._price(k)
                    if priced is _UNAFFORDABLE:
                        remaining.discard(k)
                        continue
                    rho, err = self._rho(k, priced)
                    lower[k] = rho - err
                    close.append((rho, err, k, priced))
                    if best is None or rho < best[0]:
                        best = (rho, err, k, priced)
                if best is None:
                    break
                rivals = [x for x in close if x[2] != best[2] and x[0] - x[1] <= best[0] + best[1]]
                if rivals:
                    exact = [(self.exact_rho(x[2], x[3]), rank[x[2]], x) for x in rivals + [best]]
                    best = min(exact, key=lambda e: (e[0], e[1]))[2]
                j, priced = best[2], best[3]
            remaining.discard(j)
            self._buy(j, priced)
        return not probe or len(self.bought) == len(forced)

    # --- exact values ------------------------------------------------------------------------

    def _counts(self, rows: np.ndarray, upto: int) -> np.ndarray:
        """For each purchase before `upto`: the weight of these rows whose ballot supports it."""
        a = self.a
        starts = a.row_ptr[rows]
        lens = a.row_ptr[rows + 1] - starts
        nnz = int(lens.sum())
        if nnz == 0:
            return np.zeros(upto)
        offsets = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(nnz)
        rounds = self.pround[a.row_cols[offsets]]
        keep = rounds < upto
        weights = np.repeat(a.w[rows], lens)
        return np.bincount(rounds[keep], weights=weights[keep], minlength=upto)  # exact below 2**53

    def exact_sum(self, rows: np.ndarray, upto: int) -> Fraction:
        """The exact total budget of these ballot rows (each counted with its weight) before
        purchase `upto`, for rows that still had money then: each paid the full price of every
        purchase its ballot supports."""
        total = self.share * int(self.a.w[rows].sum())
        if upto == 0 or rows.size == 0:
            return total
        counts = self._counts(rows, upto)
        for r in np.flatnonzero(counts):
            total -= self.exact_price(int(r)) * int(counts[r])
        return total

    def exact_price(self, r: int) -> Fraction:
        """The exact price each full-paying supporter paid in purchase r."""
        while len(self._exact) <= r:  # in order: each needs only the ones before it
            q = len(self._exact)
            j, _, _, emptied, _, rich = self.log[q]
            self._exact.append((self.a.prep.costs[j] - self.exact_sum(emptied, q)) / Fraction(rich))
        return self._exact[r]

    def exact_rho_of_round(self, r: int) -> Fraction:
        return self.exact_price(r) / self.a.unit[self.bought[r]]

    def exact_rho(self, j: int, priced) -> Fraction:
        """The exact price per satisfaction unit of project j now, from its (proved) poor set."""
        a = self.a
        _, _, poor, bj = priced
        rows = a.sup[j]
        poor_money = self.exact_sum(rows[poor & (bj > 0.0)], len(self.bought))
        Wp = int(a.wsup[j][poor].sum())
        return (a.prep.costs[j] - poor_money) / Fraction(a.W[j] - Wp) / a.unit[j]

    @property
    def prices(self):
        return [self.exact_rho_of_round(r) for r in range(len(self.bought))]

    def record(self):
        """The exact figures the explanations use: price per satisfaction unit, round and
        payments of each purchase, and each unfunded project's supporters' money at the end."""
        a = self.a
        rho, rounds, paid, available = {}, {}, {}, {}
        for r, (j, _, _, emptied, _, rich) in enumerate(self.log):
            p = self.exact_price(r)
            rho[j] = p / a.unit[j]
            rounds[j] = r + 1
            poor_total = self.exact_sum(emptied, r)
            paid[j] = (rich, p, int(a.w[emptied].sum()), poor_total)
        end = len(self.bought)
        for j in a.eligible:
            if j not in rho:
                rows = a.sup[j]
                available[j] = self.exact_sum(rows[self.b[rows] > 0.0], end)
        return rho, rounds, paid, available
