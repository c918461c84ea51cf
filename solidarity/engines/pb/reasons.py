"""Every reason code the PB engine emits: its figures, their kinds, and its English wording.

`pb.Outcome.reasons[project id]` is a `Reason` with one of these codes; `english(reason)` gives
the sentence `Outcome.explanations` has always held, character for character. A translation
renders the same figures (docs/pb-engine.md lists the codes for translators).

Kinds: ``int`` (counts and rounds; ``{name:,}`` in a wording writes thousands separators),
``money`` (a Fraction, written by `satisfaction.money`: whole amounts as "1,234", others with two
decimals "1,234.50"), ``fraction`` (a Fraction written with 6 significant digits, "0.0123457"),
``str``.

Today's English uses the plural also for a count of 1 ("1 supporters paid ..."); every such
wording has its singular form in `Wording.one`, which `english(reason, plurals=True)` uses. The
Equal Shares codes name the method in their wording ("... of Equal Shares"): the engine counts no
other variant under these codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..reasons import Reason, Rendered, Template, Wording, english_of, make
from .satisfaction import money

_LEFT_COST = {"left": "money", "cost": "money"}
_REACHED = "{left} of the budget was left when it was reached, and it costs {cost}."

CODES: dict[str, Template] = {
    # --- greedy (also the greedy completion of Equal Shares) ---
    "pb.greedy.funded": Template(
        _LEFT_COST, Wording("Funded by the greedy rule: " + _REACHED),
        note="left: budget left when the project was reached, before paying for it"),
    "pb.greedy.not_funded": Template(
        _LEFT_COST, Wording("Not funded: only " + _REACHED)),
    "pb.greedy.completion_funded": Template(
        _LEFT_COST, Wording("Not chosen by Equal Shares; funded by the greedy completion: " + _REACHED),
        note="completion utilitarian / add1-utilitarian: Equal Shares did not fund it, the greedy pass after it did"),
    # --- sequential Phragmén ---
    "pb.phragmen.funded": Template(
        {"round": "int", "supporters": "int", "load": "fraction"},
        Wording("Funded in round {round}: its {supporters:,} supporters' maximal load became {load}.",
                one="Funded in round {round}: its {supporters:,} supporter's maximal load became {load}.",
                count="supporters"),
        note="load: the maximal load of its supporters after the purchase (money per supporter)"),
    "pb.phragmen.funded_unsupported": Template(
        {"round": "int"}, Wording("Funded in round {round} although nobody approved it: it still fitted.")),
    "pb.phragmen.not_funded_stopped": Template(
        {"round": "int", "blocker": "str", "left": "money"},
        Wording("Not funded: Phragmén stopped after round {round} because project {blocker} was next but did not "
                "fit in the {left} left."),
        note="blocker: id of the project that was next and did not fit; round: rounds completed"),
    "pb.phragmen.did_not_fit": Template(
        {"round": "int", "left": "money"},
        Wording("Not funded: Phragmén stopped after round {round} because this project was next but did not fit "
                "in the {left} left."),
        note="the project itself was the one that stopped the rule"),
    "pb.phragmen.too_expensive": Template(
        {"cost": "money", "budget": "money"},
        Wording("Not funded: it costs {cost}, more than the whole budget of {budget}.")),
    # --- Method of Equal Shares ---
    "pb.mes.funded": Template(
        {"round": "int", "cost": "money", "unit": "str", "rich": "int", "pay": "money", "poor": "int",
         "poor_total": "money"},
        Wording("Funded in round {round} of Equal Shares (cost {cost}): {parts}."),
        parts=(
            Wording("", when="rich", by="unit", variants={
                "cost": Wording("{rich:,} supporters paid {pay} each",
                                one="{rich:,} supporter paid {pay} each", count="rich"),
                "points": Wording("{rich:,} supporters paid {pay} per point they gave it",
                                  one="{rich:,} supporter paid {pay} per point they gave it", count="rich"),
                "borda": Wording("{rich:,} supporters paid {pay} per Borda point they gave it",
                                 one="{rich:,} supporter paid {pay} per Borda point they gave it", count="rich"),
            }),
            Wording("{poor:,} supporters paid all they had left ({poor_total} in total)",
                    one="{poor:,} supporter paid all they had left ({poor_total} in total)", count="poor",
                    when="poor"),
        ),
        joiner=" and ",
        note="unit: 'cost' (cost or cardinality satisfaction: every full payer paid the same, pay = that "
             "amount), 'points' (cumulative/scoring points) or 'borda' (pay = price per point given); "
             "rich: supporters who paid the full price; poor: supporters who paid all they had left, "
             "poor_total in all; a part whose count is 0 is left out"),
    "pb.mes.funded_free": Template({}, Wording("Funded first: it costs nothing and has supporters.")),
    "pb.mes.short": Template(
        {"avail": "money", "short": "money", "cost": "money", "extra": "int", "share": "money"},
        Wording("Not funded by Equal Shares: when the method stopped, its supporters had {avail} left in total, "
                "{short} less than its cost of {cost}. It would have needed a cost of at most {avail}, or about "
                "{extra:,} more supporters bringing a full share of {share} each.",
                one="Not funded by Equal Shares: when the method stopped, its supporters had {avail} left in "
                    "total, {short} less than its cost of {cost}. It would have needed a cost of at most {avail}, "
                    "or about {extra:,} more supporter bringing a full share of {share} each.",
                count="extra"),
        note="avail: its supporters' money when the method stopped; short = cost - avail; "
             "extra = ceil(short / share); share: the budget per voter"),
    "pb.mes.outpriced": Template(
        {}, Wording("Not funded by Equal Shares: its supporters could pay for it, but other projects were cheaper "
                    "per supporter until the budget ran out.")),
    "pb.mes.unsupported": Template({}, Wording("Not funded by Equal Shares: nobody supports it.")),
    # --- maximum utilitarian welfare ---
    "pb.max_welfare.funded": Template(
        {}, Wording("Funded: part of a set of projects with the highest total satisfaction that fits the budget.")),
    "pb.max_welfare.not_funded": Template(
        {}, Wording("Not funded: no set of projects that fits the budget and includes it reaches the highest "
                    "total satisfaction.")),
    # --- fallback ---
    "pb.not_funded": Template(
        {}, Wording("Not funded."),
        note="fallback for a project no rule explained; no rule leaves one today"),
}

_FORMATS = {"money": money, "fraction": lambda x: f"{float(x):.6g}"}


def reason(code: str, **figures) -> Reason:
    """A PB reason, checked against CODES (every figure present, of its kind)."""
    return make(CODES, code, figures)


def english(r: Reason, *, plurals: bool = False) -> str:
    """The English sentence for a PB reason: exactly the engine's explanations text. With
    `plurals`, counts of 1 take the singular ("1 supporter paid")."""
    return english_of(CODES, _FORMATS, r, plurals=plurals)


def explanations(reasons: Mapping[str, Reason]) -> Mapping[str, str]:
    """Project id -> English, rendered on first access (see `engines.reasons.Rendered`)."""
    return Rendered(reasons, english)
