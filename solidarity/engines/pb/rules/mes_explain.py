"""Why each project was or was not funded by Equal Shares, as reasons with exact figures
(codes `pb.mes.*` in `pb/reasons.py`)."""

from __future__ import annotations

from ..reasons import Reason, reason
from ..satisfaction import Prepared
from .mes_exact import MESRun


def explain(prep: Prepared, run: MESRun, reasons: dict[str, Reason]) -> None:
    """Fill `reasons` (project id -> Reason) for every project from a recorded run."""
    share = run.budget_per_voter
    same = prep.sat in ("cost", "cardinality")  # every full payer paid the same amount
    unit = "cost" if same else prep.sat  # "points" or "borda"
    for j, r in run.rounds.items():
        rich_w, pay, poor_w, poor_total = run.paid[j]
        reasons[prep.ids[j]] = reason(
            "pb.mes.funded", round=r, cost=prep.costs[j], unit=unit, rich=rich_w,
            pay=(pay if pay is not None else 0) if same else run.rho[j], poor=poor_w, poor_total=poor_total)
    for j in run.chosen:
        if prep.ids[j] not in reasons:
            reasons[prep.ids[j]] = reason("pb.mes.funded_free")
    for j, avail in run.available.items():
        cost = prep.costs[j]
        short = cost - avail
        if short > 0 and share > 0:
            reasons[prep.ids[j]] = reason("pb.mes.short", avail=avail, short=short, cost=cost,
                                          extra=-(-short // share), share=share)
        else:
            reasons[prep.ids[j]] = reason("pb.mes.outpriced")
    for j in range(len(prep.ids)):
        if prep.ids[j] not in reasons:
            reasons[prep.ids[j]] = reason("pb.mes.unsupported")
