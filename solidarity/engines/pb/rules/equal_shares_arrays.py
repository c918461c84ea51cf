"""Method of Equal Shares on arrays, for ballots that give every supporter of a project the same
satisfaction (approval and choose-1 ballots under `cost` or `cardinality` satisfaction).

Every distinct ballot is one row; its remaining budget is a float. Floats only *propose*: every
decision comes with a proof that the exact value decides the same way, or it is decided exactly.

- Each float budget is within `err` of the exact budget. `err` starts at the rounding of the
  share and grows with each purchase by the roundings of the price charged, which is recomputed
  in fixed point from integer counts of what its poor supporters paid before (`_fixed_price`),
  so errors do not compound through the prices. Every rounding bound carries a safety factor.
- A price proposes who cannot pay in full (the "poor"). The proposal is accepted only if every
  supporter's budget lies farther from the price than the price's and the budgets' error bounds
  together; then the poor set is exactly the exact one, and the price is within its bound of the
  exact price.
- A project is chosen only if its price interval lies below every other project's, or the exact
  prices (below) break the overlap. Unaffordable means below by more than the error.
- Exact values are computed only when needed. A voter who still has money has paid the full
  price of every project they support that has been bought, so its exact budget is the share
  minus those prices; the exact price of each purchase follows from the exact budgets of its poor
  supporters, in integers over one common denominator (`_Run._exact_scaled`). The explanations
  use these exact values too. When floats cannot order two prices, the exact prices compared are
  computed from the proved poor sets by `mes_price.price`, the engine's one price function.

When a poor set cannot be proved, `Ambiguous` is raised and the caller runs the exact engine
(`mes_exact.run_mes`). A probe (see `mes_exact.run_mes`) whose proof fails goes on as a
plain run at its share and says so (`certified`).
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import NamedTuple

import numpy as np

from ..matrix import BallotMatrix
from ..satisfaction import Prepared
from .mes_price import price

_U = 2.0 ** -52  # one unit in the last place, relative
_SAFETY = 16.0   # every rounding error is bounded with this factor to spare
_BITS = 256      # fraction bits of the fixed-point prices
_ONE = 1 << _BITS
_DENSE_MAX = 16_000_000  # entries of the dense ballot x project matrix (64 MB) at most


class Ambiguous(Exception):
    """Floats cannot decide a poor set here: the exact engine must run."""


def applies(prep: Prepared) -> bool:
    return prep.sat in ("cost", "cardinality")


class Arrays:
    """What does not depend on the share: supporters per project as arrays of ballot rows."""

    def __init__(self, prep: Prepared, initial: list[int], *, many: bool = False):
        """`many`: the arrays will serve many runs (a walk), so a dense copy that makes the
        fixed-point prices cheaper is worth building."""
        m = len(prep.ids)
        self.prep = prep
        self.m = m
        unit = [(c if prep.sat == "cost" else 1) for c in prep.costs]
        taken = set(initial)
        matrix = BallotMatrix(prep, keep=[u > 0 for u in unit])
        self.matrix = matrix
        self.w = matrix.w
        self.n_rows = matrix.n_rows
        rows, cols = matrix.rows, matrix.cols
        self.sup = matrix.sup
        self.wsup = matrix.wsup
        self.W = matrix.W
        self.wsup_f = [x.astype(np.float64) for x in self.wsup]
        # ballots x projects as a dense 0/1 matrix, when small enough: the weight of any set of
        # rows supporting each project is then one product (exact in float32 below 2**24)
        self.dense = None
        if many and self.n_rows * m <= _DENSE_MAX and int(self.w.sum()) < 2 ** 24:
            self.dense = np.zeros((self.n_rows, m), dtype=np.float32)
            self.dense[rows, cols] = 1.0
            self.w32 = self.w.astype(np.float32)
        self.unit = unit
        self.cost_f = [float(c) for c in prep.costs]
        self.unit_f = [float(u) for u in unit]
        free = [j for j in range(m) if j not in taken and self.W[j] > 0 and prep.costs[j] == 0]
        free.sort(key=lambda j: prep.rank[j])
        self.initial = list(initial) + free
        self.eligible = [j for j in range(m) if j not in taken and self.W[j] > 0 and prep.costs[j] > 0]
        # the first price of each project (everybody can pay c / W), minus its rounding: a lower bound
        self.lower0 = {j: (self.cost_f[j] / self.W[j] / self.unit_f[j]) * (1 - 4 * _U) for j in self.eligible}

    def run(self, share: Fraction, *, forced: list[int] | None = None, previous: _Run | None = None) -> _Run:
        """One MES run at `share` per voter. With `forced` (the purchases of `previous`, a run at
        a smaller share), it also tries to prove that they stay the MES decisions on the whole
        interval between both shares (see `mes_exact.run_mes`); `run.certified` tells whether
        it did. Either way the run is the MES run at `share`."""
        run = _Run(self, share)
        run.go(forced, previous)
        return run


_UNAFFORDABLE = None


class _Purchase(NamedTuple):
    project: int
    weight: int  # of the supporters it emptied (they paid all they had left)
    paid: list  # (earlier purchase, weight of those emptied supporters who had paid it in full)
    rich: int  # weight of the supporters who paid the full price


class _Run:
    """One run: float budgets per ballot row, and what is needed to recompute anything exactly."""

    def __init__(self, arrays: Arrays, share: Fraction):
        self.a = arrays
        self.share = Fraction(share)
        self.budget_per_voter = self.share
        self.chosen = list(arrays.initial)
        self.bought: list[int] = []
        self.log: list[_Purchase] = []
        self.rho_f: list[float] = []
        self.rho_err: list[float] = []
        self._scaled: tuple[int, list[int]] | None = None  # see _exact_scaled
        self.pround = np.full(arrays.m, arrays.m + 1, dtype=np.int64)  # project -> purchase index
        self.bought_at = np.zeros(arrays.m, dtype=np.int64)  # purchase index -> project
        self.fixed: list[int] = []  # per purchase: the price in fixed point (see _fixed_price)
        self.fixed_err: list[float] = []
        self.eligible = arrays.eligible

    # --- floats ------------------------------------------------------------------------------

    def _price(self, j: int):
        """(price per supporter, its error bound, the poor among the supporters (positions, or
        None when there are none), the supporters' budgets, the poor's weight) for project j;
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
        low = float(bj.min())
        if low > p:  # everybody can pay c / W
            err_p = _SAFETY * (n * _U * c / W + 2 * _U * p)
            if low - p <= err_p + self.err:
                raise Ambiguous("poor set")
            return p, err_p, None, bj, 0
        wsi = a.wsup[j]
        idx = (bj < p).nonzero()[0]
        while True:  # the price only rises and the poor only grow, until nobody else is poor
            Wp = int(wsi[idx].sum())
            if Wp == W:  # everybody would pay all they have: an exact tie of money and cost
                raise Ambiguous("poor set")
            Sp = float(ws[idx] @ bj[idx])
            p = (c - Sp) / (W - Wp)
            more = (bj < p).nonzero()[0]
            if more.size == idx.size:
                break
            idx = more
        # the budgets' error carried through the sum, plus this computation's own rounding
        err_p = (Wp * self.err + _SAFETY * n * _U * (Sp + c)) / (W - Wp) + _SAFETY * 2 * _U * p
        gap = float(np.abs(bj - p).min())
        if gap <= err_p + self.err:
            raise Ambiguous("poor set")
        return p, err_p, idx, bj, Wp

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
        _, err_p, poor, bj, Wp = priced
        rows = a.sup[j]
        emptied = rows[:0] if poor is None else rows[poor[bj[poor] > 0.0]]
        rich = a.W[j] - Wp
        fixed, fixed_err, purchase = self._fixed_price(j, emptied, rich)
        p = fixed / _ONE
        nb = bj - p
        if poor is not None:
            nb[poor] = 0.0
        self.b[rows] = nb
        r = len(self.bought)
        self.log.append(purchase)
        self.fixed.append(fixed)
        self.fixed_err.append(fixed_err)
        self.pround[j] = r
        self.bought_at[r] = j
        self.bought.append(j)
        self.chosen.append(j)
        rho, err_rho = self._rho(j, priced)
        self.rho_f.append(rho)
        self.rho_err.append(err_rho)
        # the float price's distance to the exact one, and the rounding of the subtraction
        self.err += _SAFETY * _U * (p + self.share_f) + (fixed_err + 1) / _ONE

    def _fixed_price(self, j: int, emptied: np.ndarray, rich: int) -> tuple[int, float, _Purchase]:
        """The price per full payer times 2**_BITS, rounded down, with a bound on its distance to
        the exact value (in units of 2**-_BITS), and the purchase's record. The price solves
        cost = poor money + rich x price, where the poor money is the share times the weight of the
        supporters it empties minus the prices they paid before."""
        a = self.a
        cost = a.prep.costs[j]
        num = (cost.numerator << _BITS) // cost.denominator if isinstance(cost, Fraction) else cost << _BITS
        err = 1.0
        paid: list[tuple[int, int]] = []  # (purchase, weight of the emptied rows that paid it)
        weight = 0
        if emptied.size:
            weight = int(a.w[emptied].sum())
            num -= weight * self.share_fixed
            err += weight
            counts = self._counts(emptied, len(self.bought))
            fixed, fixed_err = self.fixed, self.fixed_err
            for r in np.flatnonzero(counts):
                n = int(counts[r])
                paid.append((int(r), n))
                num += n * fixed[r]
                err += n * fixed_err[r]
        return num // rich, err / rich + 1.0, _Purchase(j, weight, paid, rich)

    # --- the run -----------------------------------------------------------------------------

    def go(self, forced, previous) -> None:
        a = self.a
        self.share_f = float(self.share)
        self.certified = forced is not None
        if self.share <= 0 or not a.eligible:
            self.certified = not forced
            return
        self.b = np.full(a.n_rows, self.share_f)
        self.share_fixed = (self.share.numerator << _BITS) // self.share.denominator
        self.err = _SAFETY * _U * self.share_f
        remaining = set(a.eligible)
        lower = dict(a.lower0)
        while remaining:
            fresh: dict[int, object] = {}  # prices computed this round
            choice = self._replay(forced, previous, remaining, lower, fresh) if self.certified else None
            if choice is None:
                choice = self._choose(remaining, lower, fresh)
                if choice is None:
                    break
            j, priced = choice
            remaining.discard(j)
            self._buy(j, priced)
        if self.certified and len(self.bought) != len(forced):  # pragma: no cover - budgets only grow
            self.certified = False

    def _priced(self, k: int, fresh: dict, remaining: set, lower: dict):
        """Project k's price this round (from `fresh` if already known), its rho and error;
        None when unaffordable (it then leaves `remaining` for good: budgets only fall)."""
        priced = fresh.get(k, 0)
        if priced == 0:
            priced = fresh[k] = self._price(k)
        if priced is _UNAFFORDABLE:
            remaining.discard(k)
            return None
        rho, err = self._rho(k, priced)
        lower[k] = rho - err
        return rho, err, priced

    def _choose(self, remaining, lower, fresh):
        """The MES choice of this round: the lowest price per satisfaction unit, ties by rank."""
        rank = self.a.prep.rank
        best = None  # (rho, err, j, priced)
        close = []
        for k in sorted(remaining, key=lower.__getitem__):
            if best is not None and lower[k] > best[0] + best[1]:
                break
            got = self._priced(k, fresh, remaining, lower)
            if got is None:
                continue
            rho, err, priced = got
            close.append((rho, err, k, priced))
            if best is None or rho < best[0]:
                best = (rho, err, k, priced)
        if best is None:
            return None
        rivals = [x for x in close if x[2] != best[2] and x[0] - x[1] <= best[0] + best[1]]
        if rivals:  # too close to call with floats: compare exactly
            exact = [(self.exact_rho(x[2], x[3]), rank[x[2]], x) for x in rivals + [best]]
            best = min(exact, key=lambda e: (e[0], e[1]))[2]
        return best[2], best[3]

    def _replay(self, forced, previous, remaining, lower, fresh):
        """The forced purchase of this round if it is proved to be the MES choice on the whole
        interval from the previous run's share to this one; else None, and the run goes on
        as a plain run (it is then no longer `certified`)."""
        r = len(self.bought)
        if r == len(forced):  # the replay is over: nothing else may be affordable
            for k in sorted(remaining):
                if self._priced(k, fresh, remaining, lower) is not None:
                    self.certified = False
                    return None
            return None
        j = forced[r]
        if j not in remaining:  # pragma: no cover - budgets only grow with the share
            self.certified = False
            return None
        rank = self.a.prep.rank
        thr = previous.rho_f[r] + previous.rho_err[r]  # above the exact price at the smaller share
        below = previous.rho_f[r] - previous.rho_err[r]
        for k in sorted(remaining, key=lower.__getitem__):
            if lower[k] > thr:
                break
            if k == j:
                continue
            got = self._priced(k, fresh, remaining, lower)
            if got is None:
                continue
            rho, err, priced = got
            if rho + err < below:  # k is surely cheaper here than j was there
                self.certified = False
                return None
            if rho - err <= thr:  # too close to call with floats: compare exactly
                mine = self.exact_rho(k, priced)
                theirs = previous.exact_rho_of_round(r)
                if mine < theirs or (mine == theirs and rank[k] < rank[j]):
                    self.certified = False
                    return None
        got = self._priced(j, fresh, remaining, lower)
        if got is None:  # pragma: no cover - budgets only grow with the share
            self.certified = False
            return None
        return j, got[2]

    # --- exact values ------------------------------------------------------------------------

    def _counts(self, rows: np.ndarray, upto: int) -> np.ndarray:
        """For each purchase before `upto`: the weight of these rows whose ballot supports it."""
        a = self.a
        if a.dense is not None:
            per_project = a.w32[rows] @ np.take(a.dense, rows, axis=0)  # exact: sums stay below 2**24
            return per_project[self.bought_at[:upto]]
        where, cols = a.matrix.entries(rows)
        rounds = self.pround[cols]
        keep = rounds < upto
        weights = a.w[rows][where[keep]]
        return np.bincount(rounds[keep], weights=weights, minlength=upto)  # exact below 2**53

    def exact_sum(self, rows: np.ndarray, upto: int) -> Fraction:
        """The exact total budget of these ballot rows (each counted with its weight) before
        purchase `upto`, for rows that still had money then: each paid the full price of every
        purchase its ballot supports."""
        scale, scaled = self._exact_scaled()
        total = self.share.numerator * (scale // self.share.denominator) * int(self.a.w[rows].sum())
        if upto and rows.size:
            counts = self._counts(rows, upto)
            for r in np.flatnonzero(counts):
                total -= int(counts[r]) * scaled[r]
        return Fraction(total, scale)

    def exact_price(self, r: int) -> Fraction:
        """The exact price each full-paying supporter paid in purchase r."""
        scale, scaled = self._exact_scaled()
        return Fraction(scaled[r], scale)

    def exact_rho_of_round(self, r: int) -> Fraction:
        return self.exact_price(r) / self.a.unit[self.bought[r]]

    def exact_rho(self, j: int, priced) -> Fraction:
        """The exact price per satisfaction unit of project j now, from its (proved) poor set."""
        a = self.a
        _, _, poor, bj, Wp = priced
        if poor is None:
            return price(a.prep.costs[j], 0, int(a.W[j]) * a.unit[j])
        poor_money = self.exact_sum(a.sup[j][poor[bj[poor] > 0.0]], len(self.bought))
        return price(a.prep.costs[j], poor_money, int(a.W[j] - Wp) * a.unit[j])

    @property
    def prices(self):
        scale, scaled = self._exact_scaled()
        return [Fraction(x, scale) / self.a.unit[j] for x, j in zip(scaled, self.bought)]

    def _exact_scaled(self) -> tuple[int, list[int]]:
        """Every purchase's exact price times one common denominator D, as integers (recomputed
        when purchases were added since the last call).

        Purchase r solves rich_r x p_r = cost_r - (share x W_r - sum of N_rk x p_k), where W_r is
        the weight of the supporters it emptied and N_rk the weight of those that had paid
        purchase k before. With D = (the denominators of the share and the costs) x (every rich_r),
        each p_r x D is an integer and the division by rich_r is exact: integer arithmetic only,
        no Fraction reduced at every step."""
        if self._scaled is None or len(self._scaled[1]) != len(self.log):
            costs = self.a.prep.costs
            scale = self.share.denominator
            for purchase in self.log:
                cost = costs[purchase.project]
                if isinstance(cost, Fraction):
                    scale = scale * cost.denominator // gcd(scale, cost.denominator)
            for purchase in self.log:
                scale *= purchase.rich
            share = self.share.numerator * (scale // self.share.denominator)
            scaled: list[int] = []
            for purchase in self.log:
                cost = costs[purchase.project]
                num = (cost.numerator * (scale // cost.denominator) if isinstance(cost, Fraction)
                       else cost * scale)
                num -= purchase.weight * share
                for k, n in purchase.paid:
                    num += n * scaled[k]
                price, rest = divmod(num, purchase.rich)
                if rest:  # pragma: no cover - D is a multiple of every denominator (see above)
                    raise AssertionError("inexact scaled price")
                scaled.append(price)
            self._scaled = (scale, scaled)
        return self._scaled

    def record(self):
        """The exact figures the explanations use: price per satisfaction unit, round and
        payments of each purchase, and each unfunded project's supporters' money at the end."""
        a = self.a
        rho, rounds, paid, available = {}, {}, {}, {}
        for r, purchase in enumerate(self.log):
            j, p = purchase.project, self.exact_price(r)
            rho[j] = p / a.unit[j]
            rounds[j] = r + 1
            paid[j] = (purchase.rich, p, purchase.weight, a.prep.costs[j] - purchase.rich * p)
        for j in a.eligible:
            if j not in rho:
                rows = a.sup[j]
                available[j] = self.exact_sum(rows[self.b[rows] > 0.0], len(self.bought))
        return rho, rounds, paid, available
