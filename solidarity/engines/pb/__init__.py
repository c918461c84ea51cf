"""Participatory budgeting engine: Pabulib in, exact pabutools-compatible outcomes out.

    from solidarity.engines import pb
    election = pb.read("Poland_Swiecie_2023.pb")
    outcome = pb.count("equal-shares", election, completion="add1-official")
    outcome.winners, outcome.total_cost, outcome.explanations["c12"]
    outcome.reasons["c12"]        # Reason("pb.mes.funded", round=..., ...): code and exact figures

Python and numpy; never imports Django. Floats never decide an outcome (docs/pb-engine.md).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from types import MappingProxyType

from .model import Election, Profile, Project, exact
from .outcome import Outcome
from .pabulib import PabulibError, dumps, loads, read, write
from .reasons import Reason, reason
from .reasons import explanations as _english
from .rules.equal_shares import (
    equal_shares as _mes,
    equal_shares_add1 as _mes_add1,
    equal_shares_add1_official as _mes_official,
    explain as _explain_mes,
    is_exhaustive as _is_exhaustive,
)
from .rules.greedy import greedy as _greedy
from .rules.max_welfare import max_welfare as _max_welfare
from .rules.phragmen import phragmen as _phragmen
from .satisfaction import SATISFACTIONS, TIE_BREAKS, Prepared, UnknownOption, default_sat, prepare

__all__ = [
    "COMPLETIONS", "Election", "Outcome", "PabulibError", "Profile", "Project", "RULES", "SATISFACTIONS",
    "TIE_BREAKS", "UnknownOption", "UnknownRule", "count", "default_sat", "dumps", "exact", "loads", "read",
    "write",
]

COMPLETIONS: dict[str, tuple[str, ...]] = {
    "greedy": ("none",),
    "equal-shares": ("none", "add1", "utilitarian", "add1-utilitarian", "add1-official"),
    "phragmen": ("none",),
    "max-welfare": ("none",),
}


class UnknownRule(UnknownOption):
    def __init__(self, rule: str, known: list[str]):
        super().__init__(f"unknown rule {rule!r}; expected one of {', '.join(known)}")
        self.rule = rule
        self.known = known


def _cost(prep: Prepared, chosen: list[int]) -> Fraction:
    return sum((prep.costs[j] for j in chosen), Fraction(0))


def _finish(rule: str, prep: Prepared, chosen: list[int], reasons: dict[str, Reason], **extra) -> Outcome:
    for pid in prep.ids:
        if pid not in reasons:  # a fallback: every rule explains every project
            reasons[pid] = reason("pb.not_funded")
    details = extra.pop("details", {})
    reasons = MappingProxyType(reasons)
    # the English of every reason, rendered when first read
    return Outcome(rule=rule, winners=tuple(prep.ids[j] for j in chosen), total_cost=_cost(prep, chosen),
                   explanations=_english(reasons), reasons=reasons, sat=prep.sat, details=details, **extra)


def greedy(election: Election, *, sat: str | None = None, completion: str = "none",
           tie_break: str = "lexico") -> Outcome:
    _check_completion("greedy", completion)
    prep = prepare(election, sat=sat, tie_break=tie_break)
    reasons: dict[str, Reason] = {}
    chosen = _greedy(prep, reasons=reasons)
    return _finish("greedy", prep, chosen, reasons, tie_break=tie_break)


def equal_shares(election: Election, *, sat: str | None = None, completion: str = "none",
                 tie_break: str = "lexico") -> Outcome:
    _check_completion("equal-shares", completion)
    prep = prepare(election, sat=sat, tie_break=tie_break)
    reasons: dict[str, Reason] = {}
    details: dict[str, object] = {}
    if completion in ("none", "utilitarian"):
        run = _mes(prep, record=True)
    elif completion in ("add1", "add1-utilitarian"):
        run, steps = _mes_add1(prep, record=True)
        details["increments"] = steps
        details["runs"] = run.runs
    else:
        run, steps = _mes_official(prep, record=True)
        details["increments"] = steps
        details["runs"] = run.runs
    details["budget_per_voter"] = str(run.budget_per_voter)
    _explain_mes(prep, run, reasons)
    chosen = list(run.chosen)
    if completion.endswith("utilitarian") and not _is_exhaustive(prep, chosen):
        before = len(chosen)
        filled: dict[str, Reason] = {}
        chosen = _greedy(prep, initial=chosen, reasons=filled)
        for j in chosen[before:]:
            reasons[prep.ids[j]] = reason("pb.greedy.completion_funded", **filled[prep.ids[j]].figures)
        details["completed_by_greedy"] = [prep.ids[j] for j in chosen[before:]]
    return _finish("equal-shares", prep, chosen, reasons, completion=completion, tie_break=tie_break,
                   details=details)


def phragmen(election: Election, *, sat: str | None = None, completion: str = "none",
             tie_break: str = "lexico") -> Outcome:
    _check_completion("phragmen", completion)
    if election.kind not in ("approval", "choose-1"):
        raise UnknownOption(f"Phragmén needs approval or choose-1 ballots, not {election.kind}")
    prep = prepare(election, sat=sat if sat else "cardinality", tie_break=tie_break)
    reasons: dict[str, Reason] = {}
    chosen = _phragmen(prep, reasons=reasons)
    return _finish("phragmen", prep, chosen, reasons, tie_break=tie_break)


def max_welfare(election: Election, *, sat: str | None = None, completion: str = "none",
                tie_break: str = "lexico") -> Outcome:
    _check_completion("max-welfare", completion)
    prep = prepare(election, sat=sat, tie_break=tie_break)
    chosen, objective = _max_welfare(prep)
    taken = set(chosen)
    reasons = {prep.ids[j]: reason("pb.max_welfare.funded" if j in taken else "pb.max_welfare.not_funded")
               for j in range(len(prep.ids))}
    return _finish("max-welfare", prep, chosen, reasons, tie_break=tie_break, details={"objective": objective})


RULES: dict[str, Callable[..., Outcome]] = {
    "greedy": greedy,
    "equal-shares": equal_shares,
    "phragmen": phragmen,
    "max-welfare": max_welfare,
}


def _check_completion(rule: str, completion: str) -> None:
    if completion not in COMPLETIONS[rule]:
        raise UnknownOption(f"rule {rule!r} has no completion {completion!r}; "
                            f"expected one of {', '.join(COMPLETIONS[rule])}")


def count(rule: str, election: Election, *, sat: str | None = None, completion: str = "none",
          tie_break: str = "lexico") -> Outcome:
    """Count an election. `sat` defaults to the natural measure of the ballot kind: cost for
    approval and choose-1, points for cumulative and scoring, borda for ordinal."""
    try:
        compute = RULES[rule]
    except KeyError:
        raise UnknownRule(rule, known=sorted(RULES)) from None
    return compute(election, sat=sat, completion=completion, tie_break=tie_break)
