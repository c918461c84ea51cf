"""The rounds of the Method of Equal Shares: which project is bought next, and at what price.

`play_rounds` is the round loop of both the exact run (`mes_exact.run_mes`) and the run cache
(`mes_trie._Trie._run`). They differ only in how they keep voters' budgets: each hands it its
`price(j)` (a Fraction, or None when j's supporters cannot pay for it) and its `buy` (what a
purchase does to the budgets).

Projects are examined in order of `lower[j]`, the last price seen for j: a lower bound of its
current price, since prices only rise along a run. The scan stops once that bound exceeds the best
price of the round, as pabutools does. Every project priced on the way has its bound raised to
its price; one found unaffordable leaves `remaining` for good (budgets only fall). The chosen
project itself leaves `remaining` in `play_rounds`, when it is bought.

A free round is `next_purchase`; a replayed one (a probe of `run_mes`, which checks that the
purchases of a run at a smaller share stay the MES decisions) is `replay_purchase`. Both return
`(j, price)`, or None when the run is over; a replay returns REPLAY_FAILS when the recorded
purchase is no longer the MES choice.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

REPLAY_FAILS = object()  # `replay_purchase`: the replayed purchases are not the MES run at this share

Price = Callable[[int], "Fraction | None"]


def next_purchase(remaining: set[int], lower: dict[int, Fraction], rank, price: Price):
    """The affordable project of lowest price (ties to the lowest `rank`) and its price; None
    when nothing in `remaining` is affordable."""
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
        return None
    return (min(tied, key=rank.__getitem__) if len(tied) > 1 else tied[0]), best


def replay_purchase(remaining: set[int], lower: dict[int, Fraction], rank, price: Price,
                    forced: list[int], thresholds: list[Fraction], round_no: int):
    """Round `round_no` of a replay of `forced` (bought at prices `thresholds` at a smaller share).

    The recorded purchase stays the MES choice when every other project costs more than its
    recorded price (or the same and comes later in the tie-breaking order): then `(j, its price
    now)`. After the last recorded purchase the run must be over: None when nothing remaining is
    affordable. Otherwise REPLAY_FAILS."""
    if round_no == len(forced):
        return REPLAY_FAILS if any(price(k) is not None for k in remaining) else None
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
            return REPLAY_FAILS
    best = price(j)
    if best is None:  # pragma: no cover - budgets only grow with the share
        return REPLAY_FAILS
    return j, best



def play_rounds(run, setup, price: Price, buy: Callable[[int, Fraction, int], None],
                forced: list[int] | None = None, thresholds: list[Fraction] | None = None) -> bool:
    """The rounds of one MES run: each buys the project `next_purchase` picks (or, with `forced`
    and `thresholds`, replays the next recorded purchase, `replay_purchase`), appends it and its
    price to `run.chosen` and `run.prices`, and hands it to `buy(j, price, round)`, which makes
    its supporters pay (so that `price` sees the new budgets). False when the replay fails."""
    rank = setup.prep.rank
    remaining = set(setup.eligible)
    lower = dict(setup.lower0)
    round_no = 0
    while remaining:
        if forced is None:
            step = next_purchase(remaining, lower, rank, price)
        else:
            step = replay_purchase(remaining, lower, rank, price, forced, thresholds, round_no)
        if step is REPLAY_FAILS:
            return False
        if step is None:
            break
        j, best = step
        round_no += 1
        remaining.discard(j)
        run.chosen.append(j)
        run.prices.append(best)
        buy(j, best, round_no)
    return forced is None or round_no == len(forced)  # a replay may not run out of projects early
