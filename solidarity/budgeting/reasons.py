"""Why a project was or was not funded, in the reader's language: the PB engine's reason codes
(engines/pb/reasons.py) turned into translated sentences with plural forms.

Stored results keep the codes and their exact figures (Result.reasons); the sentence is made when a
page is shown, so the same count reads in English, Spanish and every later language.
"""

from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from solidarity.engines.pb.satisfaction import money  # "1,234" or "1,234.50", as the engine writes amounts
from solidarity.engines.reasons import Reason


def load(value: Fraction) -> str:
    return f"{float(value):.6g}"  # written for reading only; the count was decided exactly


def _reached(f, funded: str) -> str:
    return funded % {"left": money(f["left"]), "cost": money(f["cost"])}


def _mes_funded(f) -> str:
    parts = []
    if f["rich"]:
        if f["unit"] == "points":
            text = ngettext("%(count)s supporter paid %(pay)s per point they gave it",
                            "%(count)s supporters paid %(pay)s per point they gave it", f["rich"])
        elif f["unit"] == "borda":
            text = ngettext("%(count)s supporter paid %(pay)s per Borda point they gave it",
                            "%(count)s supporters paid %(pay)s per Borda point they gave it", f["rich"])
        else:
            text = ngettext("%(count)s supporter paid %(pay)s each", "%(count)s supporters paid %(pay)s each",
                            f["rich"])
        parts.append(text % {"count": f"{f['rich']:,}", "pay": money(f["pay"])})
    if f["poor"]:
        parts.append(ngettext("%(count)s supporter paid all they had left (%(total)s in total)",
                              "%(count)s supporters paid all they had left (%(total)s in total)", f["poor"])
                     % {"count": f"{f['poor']:,}", "total": money(f["poor_total"])})
    return _("Funded in round %(round)s of Equal Shares (cost %(cost)s): %(parts)s.") % {
        "round": f["round"], "cost": money(f["cost"]), "parts": _(" and ").join(parts)}


SENTENCES = {
    "pb.greedy.funded": lambda f: _reached(f, _(
        "Funded by the greedy rule: %(left)s of the budget was left when it was reached, and it costs %(cost)s.")),
    "pb.greedy.not_funded": lambda f: _reached(f, _(
        "Not funded: only %(left)s of the budget was left when it was reached, and it costs %(cost)s.")),
    "pb.greedy.completion_funded": lambda f: _reached(f, _(
        "Not chosen by Equal Shares; funded by the greedy completion: %(left)s of the budget was left when it "
        "was reached, and it costs %(cost)s.")),
    "pb.phragmen.funded": lambda f: ngettext(
        "Funded in round %(round)s: its %(count)s supporter's maximal load became %(load)s.",
        "Funded in round %(round)s: its %(count)s supporters' maximal load became %(load)s.", f["supporters"]) % {
        "round": f["round"], "count": f"{f['supporters']:,}", "load": load(f["load"])},
    "pb.phragmen.funded_unsupported": lambda f: _(
        "Funded in round %(round)s although nobody approved it: it still fitted.") % {"round": f["round"]},
    "pb.phragmen.not_funded_stopped": lambda f: _(
        "Not funded: Phragmén stopped after round %(round)s because project %(blocker)s was next but did not "
        "fit in the %(left)s left.") % {"round": f["round"], "blocker": f["blocker"], "left": money(f["left"])},
    "pb.phragmen.did_not_fit": lambda f: _(
        "Not funded: Phragmén stopped after round %(round)s because this project was next but did not fit in "
        "the %(left)s left.") % {"round": f["round"], "left": money(f["left"])},
    "pb.phragmen.too_expensive": lambda f: _(
        "Not funded: it costs %(cost)s, more than the whole budget of %(budget)s.") % {
        "cost": money(f["cost"]), "budget": money(f["budget"])},
    "pb.mes.funded": _mes_funded,
    "pb.mes.funded_free": lambda f: _("Funded first: it costs nothing and has supporters."),
    "pb.mes.short": lambda f: ngettext(
        "Not funded by Equal Shares: when the method stopped, its supporters had %(avail)s left in total, "
        "%(short)s less than its cost of %(cost)s. It would have needed a cost of at most %(avail)s, or about "
        "%(count)s more supporter bringing a full share of %(share)s each.",
        "Not funded by Equal Shares: when the method stopped, its supporters had %(avail)s left in total, "
        "%(short)s less than its cost of %(cost)s. It would have needed a cost of at most %(avail)s, or about "
        "%(count)s more supporters bringing a full share of %(share)s each.", f["extra"]) % {
        "avail": money(f["avail"]), "short": money(f["short"]), "cost": money(f["cost"]),
        "count": f"{f['extra']:,}", "share": money(f["share"])},
    "pb.mes.outpriced": lambda f: _(
        "Not funded by Equal Shares: its supporters could pay for it, but other projects were cheaper per "
        "supporter until the budget ran out."),
    "pb.mes.unsupported": lambda f: _("Not funded by Equal Shares: nobody supports it."),
    "pb.max_welfare.funded": lambda f: _(
        "Funded: part of a set of projects with the highest total satisfaction that fits the budget."),
    "pb.max_welfare.not_funded": lambda f: _(
        "Not funded: no set of projects that fits the budget and includes it reaches the highest total "
        "satisfaction."),
    "pb.not_funded": lambda f: _("Not funded."),
}


def sentence(stored: dict | None) -> str:
    """The translated sentence for a reason as stored (Reason.as_json()); "" when there is none."""
    if not stored:
        return ""
    reason = Reason.from_json(stored)
    return SENTENCES[reason.code](reason.figures)
