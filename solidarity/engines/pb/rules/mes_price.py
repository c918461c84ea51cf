"""The MES price of a project, the one place where the engine computes it.

A project of cost c is affordable at price rho per unit of satisfaction when its supporters,
each paying min(budget, rho x satisfaction), bring c. The supporters who cannot pay in full (the
*poor*) pay everything they have; the others pay rho x satisfaction, so

    rho = (c - money of the poor) / satisfaction of the others        (`price`)

Every MES price in the engine goes through `price`: the exact search over groups of supporters
(`exact_price`), the float proposal of the exact engine and of the run cache (`float_price`,
which proposes the poor with floats and then computes and checks the price exactly, from the
groups `float_groups` gathers) and the
array engine's exact comparison (`equal_shares_arrays._Run.exact_rho`, from its proved poor set).
The array engine's fixed-point price is a float-like proposal of the same value with an error
bound, never the decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

_EPS = 1e-9  # relative safety margin around float decisions; far above double rounding error

UNDECIDED = object()  # `float_price`: floats cannot decide here, `exact_price` must


def price(cost, poor_money, rich_sat) -> Fraction:
    """The exact price per unit of satisfaction when the poor pay `poor_money` in all and the
    supporters who pay in full have `rich_sat` units of satisfaction in all (> 0)."""
    return Fraction(cost - poor_money) / rich_sat


def exact_price(cost, groups: Iterable[tuple], *, same_sat: bool = False) -> Fraction | None:
    """The price of a project from its supporters grouped as (budget, weight, satisfaction), or
    None when all their money falls short of the cost. `same_sat`: every group has the same
    satisfaction (then they are sorted by budget alone, no division)."""
    items = []
    avail = 0
    denom = 0
    if same_sat:
        for b, w, s in groups:
            items.append((b, b, w, s))
            avail += b * w
            denom += s * w
    else:
        for b, w, s in groups:
            items.append((b / s, b, w, s))
            avail += b * w
            denom += s * w
    if avail < cost:
        return None
    items.sort(key=lambda it: it[0])
    contrib = 0
    for _, b, w, s in items:
        # the price if these and all later groups pay in full: (cost - contrib) / denom;
        # this group can pay it iff price x s <= b (order among equal b / s does not matter)
        if (cost - contrib) * s <= b * denom:
            return price(cost, contrib, denom)
        contrib += b * w
        denom -= s * w
    raise AssertionError("affordable project without a paying supporter")  # pragma: no cover


def float_groups(classes, slots: list[int], cnts, fbudget, sat, fsat) -> tuple[list, float, object]:
    """The supporters of a project with money, as `float_price` takes them: `items`
    (float budget / float satisfaction, class, weight, slot), their float money and their exact
    satisfaction times weight. `classes`: the classes holding its supporters; `cnts[c]`: slot ->
    weight of class c; `fbudget[c]`: float budget of class c; `sat`, `fsat`: satisfaction of each
    slot, exact and float."""
    items = []
    favail = 0.0
    denom = 0
    for c in classes:
        fb = fbudget[c]
        if fb <= 0.0:
            continue
        cnt = cnts[c]
        for slot in slots:
            w = cnt.get(slot)
            if w:
                items.append((fb / fsat[slot], c, w, slot))
                favail += fb * w
                denom += sat[slot] * w
    return items, favail, denom


def float_price(cost, fcost: float, items: list, favail: float, denom, budget: Sequence, fbudget: Sequence,
                sat: Sequence, fsat: Sequence):
    """The price proposed with floats and checked exactly; None when the supporters surely cannot
    pay; UNDECIDED when floats cannot tell (then `exact_price` decides).

    `items`: (float budget / float satisfaction, class, weight, slot) for every group of supporters
    with money (sorted here); `favail`: their float money; `denom`: their exact satisfaction times
    weight; `budget[class]`, `fbudget[class]`: exact and float budgets; `sat[slot]`, `fsat[slot]`:
    exact and float satisfactions. Floats only propose who cannot pay the full price; the price is
    computed exactly from that set (`price`), and every supporter whose float position is within
    the safety margin of it is re-checked exactly."""
    if favail < fcost * (1 - _EPS):
        return None
    if favail <= fcost * (1 + _EPS):
        return UNDECIDED
    items.sort()
    fden = float(denom)
    fcontrib = 0.0
    k = 0
    for k, (fkey, c, w, slot) in enumerate(items):
        fs = fsat[slot]
        if (fcost - fcontrib) * fs <= fbudget[c] * fden:
            break
        fcontrib += fbudget[c] * w
        fden -= fs * w
    else:  # pragma: no cover - float rounding
        return UNDECIDED
    contrib = 0
    rich = denom
    for _, c, w, slot in items[:k]:
        contrib += budget[c] * w
        rich -= sat[slot] * w
    if rich <= 0 or contrib >= cost:  # pragma: no cover
        return UNDECIDED
    rho = price(cost, contrib, rich)
    frho = float(rho)
    lo = frho * (1 - _EPS)
    hi = frho * (1 + _EPS)
    # supporters near the price: their side must be right exactly
    i = k - 1
    while i >= 0 and items[i][0] >= lo:
        _, c, w, slot = items[i]
        if not budget[c] < rho * sat[slot]:
            return UNDECIDED
        i -= 1
    i = k
    n = len(items)
    while i < n and items[i][0] <= hi:
        _, c, w, slot = items[i]
        if budget[c] < rho * sat[slot]:
            return UNDECIDED
        i += 1
    return rho
