"""Every reason code the matching engine emits: its figures, their kinds, and its English wording.

`Score.reasons` is a tuple of `Reason`s with these codes; `english(reason)` gives the phrase the
engine has always shown a coordinator ("same zone", "speaks Spanish", ...), and
`Score.explanations` all of them. A translation renders the same figures.

Kinds: ``int``; ``str``; ``language``: a str, the language key as given (e.g. "es"), written in
English by `language_name` ("Spanish"), "" when absent. ``{name:,}`` in a wording writes an int
with thousands separators. Time figures are minutes: `start` and `end` count from midnight of
`day` (0 = Monday), and `end` may pass 1440 when a merged window runs on past midnight.
"""

from __future__ import annotations

from ..reasons import Reason, Template, Wording, english_of, make
from .model import DAYS, MINUTES_PER_DAY, _clock

LANGUAGE_NAMES = {
    "am": "Amharic", "ar": "Arabic", "asl": "ASL", "bn": "Bengali", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "fa": "Persian", "fr": "French", "ha": "Hausa", "he": "Hebrew", "hi": "Hindi",
    "ht": "Haitian Creole", "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "pl": "Polish",
    "ps": "Pashto", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "so": "Somali", "sw": "Swahili",
    "ti": "Tigrinya", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
    "yi": "Yiddish", "yo": "Yoruba", "zh": "Chinese", "other": "another language",
}
ACCESS_MET = {"wheelchair": "wheelchair access", "step-free": "step-free access", "asl": "signs ASL",
              "delivery": "delivers", "car": "has a car", "large-print": "large print", "quiet": "quiet setting"}
ACCESS_UNMET = {"wheelchair": "no wheelchair access", "step-free": "no step-free access", "asl": "no ASL",
                "delivery": "no delivery", "car": "no car", "large-print": "no large print",
                "quiet": "no quiet setting"}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.lower(), code)


_TWO = {"language": "language", "language2": "language"}
_LANGS = (Wording("{language}", when="language"), Wording("{language2}", when="language2"))

CODES: dict[str, Template] = {
    "match.zone.same": Template({}, Wording("same zone")),
    "match.zone.neighbour": Template({}, Wording("neighbouring zone")),
    "match.zone.hops": Template({"hops": "int"}, Wording("{hops} zones away", one="{hops} zone away", count="hops"),
                                note="hops >= 2 (0 and 1 have their own codes)"),
    "match.zone.unknown": Template({}, Wording("distance unknown"),
                                   note="either zone unknown, or the zones are not connected"),
    "match.language.shared": Template(
        _TWO, Wording("speaks {parts}"), parts=_LANGS, joiner=" and ",
        note="the first two languages both sides list, in key order; language2 is '' when only one"),
    "match.language.missing": Template(
        _TWO, Wording("does not speak {parts}"), parts=_LANGS, joiner=" or ",
        note="the requester's first two languages in key order; the helper speaks none of them"),
    "match.language.unknown": Template(
        _TWO, Wording("languages unknown, needs {parts}"), parts=_LANGS, joiner=" or ",
        note="the helper listed no languages; the requester's first two in key order"),
    "match.time.any": Template({}, Wording("available any time"),
                               note="the requester gave windows, the helper none"),
    "match.time.none": Template({}, Wording("no common time")),
    "match.time.common": Template(
        {"day": "int", "start": "int", "end": "int", "more": "int"},
        Wording("free {span}{parts}"), parts=(Wording(" (+{more} more)", when="more"),),
        note="the first common window: day 0-6 (Monday first), start/end minutes from that day's "
             "midnight; span is written 'Tue 18:00-20:00' (or 'Mon 23:00-Tue 01:00' past midnight); "
             "more: how many other common windows"),
    "match.access.met": Template(
        {"access": "str"}, Wording("provides {access}", by="access", variants=ACCESS_MET),
        note="the wording of the known keys is the table ACCESS_MET; others 'provides <key>'"),
    "match.access.unmet": Template(
        {"access": "str"}, Wording("cannot provide {access}", by="access", variants=ACCESS_UNMET),
        note="the wording of the known keys is the table ACCESS_UNMET; others 'cannot provide <key>'"),
    "match.load": Template({"load": "int"}, Wording("already helping {load}"),
                           note="how many needs the helper already carries (> 0)"),
}

_FORMATS = {"language": language_name}


def span(day: int, start: int, end: int, days=DAYS) -> str:
    """'Tue 18:00-20:00'; a span that runs past midnight names both days. `days` are the seven day
    names (the app passes translated ones)."""
    end_of_week = day * MINUTES_PER_DAY + end
    if end > MINUTES_PER_DAY:  # a span merged across midnight
        return (f"{days[day]} {_clock(start)}-{days[((end_of_week - 1) // MINUTES_PER_DAY) % 7]} "
                f"{_clock(end_of_week % MINUTES_PER_DAY or 1440)}")
    return f"{days[day]} {_clock(start)}-{_clock(end)}"


def reason(code: str, **figures) -> Reason:
    """A matching reason, checked against CODES (every figure present, of its kind)."""
    return make(CODES, code, figures)


def english(r: Reason, *, plurals: bool = False) -> str:
    """The English phrase for a matching reason: exactly what the engine has always shown."""
    extra = None
    if r.code == "match.time.common":
        extra = {"span": span(r.figures["day"], r.figures["start"], r.figures["end"])}
    return english_of(CODES, _FORMATS, r, plurals=plurals, extra=extra)
