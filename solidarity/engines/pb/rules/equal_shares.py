"""Method of Equal Shares (MES), as pabutools' `method_of_equal_shares`, and its completions.

Every voter starts with an equal share of the budget. Each round buys the project whose
supporters can pay for it at the lowest price per unit of satisfaction (rho), each paying
rho x satisfaction or everything they have left; ties go to the tie-breaking rank. The round
loop ends when no remaining project can be paid for by its supporters.

The pieces live in their own modules: `mes_exact` (the exact run, `run_mes`), `mes_price` (the one
price function, shared with `equal_shares_arrays`), `mes_round` (the round loop of the exact run
and of the run cache), `mes_trie` (the run cache of the add1 walks),
`mes_add1` (the runner and the add1 completions, which skip share increments that provably repeat
an outcome) and `mes_explain` (the reasons). This module keeps the rule and the names they had here.
"""

from __future__ import annotations

from fractions import Fraction

from ..satisfaction import Prepared
from .mes_add1 import _Runner, equal_shares_add1, equal_shares_add1_official, is_exhaustive, is_feasible
from .mes_exact import MESRun, _Setup, run_mes
from .mes_explain import explain
from .mes_price import exact_price, float_price, price

__all__ = [
    "MESRun", "_Runner", "_Setup", "equal_shares", "equal_shares_add1", "equal_shares_add1_official", "exact_price", "explain",
    "float_price", "is_exhaustive", "is_feasible", "price", "run_mes",
]


def equal_shares(prep: Prepared, *, initial: list[int] | None = None, record: bool = False) -> MESRun:
    if prep.num_voters == 0:
        return MESRun(chosen=list(initial or []))
    return _Runner(prep, list(initial or [])).run(Fraction(prep.budget) / prep.num_voters, record=record)
