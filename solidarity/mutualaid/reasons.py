"""What tells a helper apart for a request, in the coordinator's language: the matching engine's
reason codes (engines/matching/reasons.py) turned into translated phrases."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from solidarity.engines.matching.reasons import span

from .models import LANGUAGE_CHOICES

DAYS = (gettext_lazy("Mon"), gettext_lazy("Tue"), gettext_lazy("Wed"), gettext_lazy("Thu"), gettext_lazy("Fri"),
        gettext_lazy("Sat"), gettext_lazy("Sun"))
LANGUAGES = dict(LANGUAGE_CHOICES)
ACCESS_MET = {"wheelchair": gettext_lazy("wheelchair access"), "step-free": gettext_lazy("step-free access"),
              "asl": gettext_lazy("signs ASL"), "delivery": gettext_lazy("delivers"), "car": gettext_lazy("has a car"),
              "large-print": gettext_lazy("large print"), "quiet": gettext_lazy("quiet setting")}
ACCESS_UNMET = {"wheelchair": gettext_lazy("no wheelchair access"),
                "step-free": gettext_lazy("no step-free access"), "asl": gettext_lazy("no ASL"),
                "delivery": gettext_lazy("no delivery"), "car": gettext_lazy("no car"),
                "large-print": gettext_lazy("no large print"), "quiet": gettext_lazy("no quiet setting")}


def _languages(f, joiner) -> str:
    names = [str(LANGUAGES.get(f[k], f[k])) for k in ("language", "language2") if f[k]]
    return joiner.join(names)


def _span(f) -> str:
    return span(f["day"], f["start"], f["end"], days=DAYS)


def _time(f) -> str:
    if f["more"]:
        return _("free %(span)s (+%(more)s more)") % {"span": _span(f), "more": f["more"]}
    return _("free %(span)s") % {"span": _span(f)}


PHRASES = {
    "match.zone.same": lambda f: _("same zone"),
    "match.zone.neighbour": lambda f: _("neighbouring zone"),
    "match.zone.hops": lambda f: ngettext("%(count)s zone away", "%(count)s zones away", f["hops"]) % {
        "count": f["hops"]},
    "match.zone.unknown": lambda f: _("distance unknown"),
    "match.language.shared": lambda f: _("speaks %(languages)s") % {"languages": _languages(f, _(" and "))},
    "match.language.missing": lambda f: _("does not speak %(languages)s") % {
        "languages": _languages(f, pgettext("does not speak this or that", " or "))},
    "match.language.unknown": lambda f: _("languages unknown, needs %(languages)s") % {
        "languages": _languages(f, _(" or "))},
    "match.time.any": lambda f: _("available any time"),
    "match.time.none": lambda f: _("no common time"),
    "match.time.common": _time,
    "match.access.met": lambda f: str(ACCESS_MET.get(f["access"]) or _("provides %(access)s") % f),
    "match.access.unmet": lambda f: str(ACCESS_UNMET.get(f["access"]) or _("cannot provide %(access)s") % f),
    "match.load": lambda f: ngettext("already helping %(count)s", "already helping %(count)s", f["load"]) % {
        "count": f["load"]},
}


def phrases(score) -> list[str]:
    return [PHRASES[reason.code](reason.figures) for reason in score.reasons]
