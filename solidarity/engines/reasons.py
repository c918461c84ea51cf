"""Reasons as data: a stable code and the exact figures behind it, never a sentence.

The engines say *why* (a project was funded, a helper fits a need) with a `Reason`; each engine
keeps a registry of its codes (`pb/reasons.py`, `matching/reasons.py`) that names every figure a
code carries, its kind, and the English wording. A web app renders a Reason in any language from
the code and the figures; `english()` in each registry gives the engines' own English.

Figures hold exact values only:

- ``int``: counts, rounds, hops, minutes;
- ``Fraction``: money, loads, prices (kinds ``money`` and ``fraction`` in the registries);
- ``str``: project ids, labels, language and access keys.

`as_json()` writes Fractions as "p/q" (or "p" when whole), so ``Reason.from_json(r.as_json()) == r``;
which strings are Fractions is decided by the code's schema in its registry.

Pure Python; never imports Django.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

# kind -> the Python type a figure of that kind holds
KINDS: dict[str, type] = {"int": int, "money": Fraction, "fraction": Fraction, "str": str, "language": str}

# code prefix -> the registry module that knows its codes (imported on first use)
_REGISTRIES = {"pb.": "solidarity.engines.pb.reasons", "match.": "solidarity.engines.matching.reasons"}


@dataclass(frozen=True)
class Reason:
    code: str                      # dotted and stable, e.g. "pb.mes.funded"
    figures: Mapping[str, object] = field(default_factory=dict)  # name -> int | Fraction | str

    def __post_init__(self) -> None:
        object.__setattr__(self, "figures", MappingProxyType(dict(self.figures)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return self.code == other.code and dict(self.figures) == dict(other.figures)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.figures.items()))))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.figures.items())
        return f"Reason({self.code!r}, {inner})" if inner else f"Reason({self.code!r})"

    def as_json(self) -> dict:
        """{"code": ..., "figures": {name: int | str}}, Fractions written "p/q" or "p"."""
        return {"code": self.code, "figures": {k: _json_value(v) for k, v in self.figures.items()}}

    @classmethod
    def from_json(cls, data: Mapping, kinds: Mapping[str, str] | None = None) -> Reason:
        """The inverse of `as_json`. `kinds` (figure name -> kind) defaults to the code's schema in
        its engine's registry; figures of kind money or fraction are read back as Fractions."""
        code = data["code"]
        if kinds is None:
            kinds = schema(code)
        figures = {}
        for name, value in data.get("figures", {}).items():
            kind = kinds.get(name)
            if kind is None:
                raise ValueError(f"reason {code!r} has no figure {name!r}")
            figures[name] = _from_json_value(kind, value, code, name)
        return cls(code, figures)


def _json_value(v: object) -> int | str:
    if isinstance(v, bool):
        raise TypeError("a reason figure cannot be a bool")
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    if isinstance(v, (int, str)):
        return v
    raise TypeError(f"a reason figure must be an int, a Fraction or a str, not {v!r}")


def _from_json_value(kind: str, value: object, code: str, name: str) -> object:
    want = KINDS.get(kind, str)
    if want is Fraction:
        return Fraction(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else _bad(code, name, value)
    if want is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else _bad(code, name, value)
    return value if isinstance(value, str) else _bad(code, name, value)


def _bad(code: str, name: str, value: object):
    raise ValueError(f"reason {code!r}: figure {name!r} has the wrong kind: {value!r}")


def schema(code: str) -> Mapping[str, str]:
    """Figure name -> kind for a code, from its engine's registry."""
    for prefix, module in _REGISTRIES.items():
        if code.startswith(prefix):
            codes = importlib.import_module(module).CODES
            if code in codes:
                return codes[code].figures
    raise ValueError(f"unknown reason code {code!r}")


# --- wording ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """One piece of English text with `str.format` placeholders ({name} or {name:,} for an int with
    thousands separators). `one` is the singular form, used instead of `text` when the int figure
    `count` is 1 (only with ``plurals=True``: today's English keeps `text` for 1 too, see the
    registries). `variants` picks the text by the value of the str figure `by` (falling back to
    `text`)."""

    text: str
    one: str | None = None
    count: str | None = None
    by: str | None = None
    variants: Mapping[str, str | Wording] = field(default_factory=dict)
    when: str | None = None  # for a part: shown only when this figure is non-zero / non-empty

    def pick(self, figures: Mapping[str, object], plurals: bool) -> str:
        if self.by is not None:
            chosen = self.variants.get(figures[self.by], self.text)
            return chosen.pick(figures, plurals) if isinstance(chosen, Wording) else chosen
        if plurals and self.one is not None and figures[self.count] == 1:
            return self.one
        return self.text


@dataclass(frozen=True)
class Template:
    """A code's schema and wording. `figures`: name -> kind, every figure the code always carries.
    `wording` may contain {parts}: the `parts` that are shown (see `Wording.when`), joined by
    `joiner`."""

    figures: Mapping[str, str]
    wording: Wording
    parts: tuple[Wording, ...] = ()
    joiner: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "figures", MappingProxyType(dict(self.figures)))

    @property
    def types(self) -> tuple[tuple[str, type], ...]:
        """(figure name, Python type) pairs, for `make`."""
        got = self.__dict__.get("_types")
        if got is None:
            got = tuple((name, KINDS.get(kind, str)) for name, kind in self.figures.items())
            object.__setattr__(self, "_types", got)
        return got

    def render(self, figures: Mapping[str, object], shown: Mapping[str, object], *, plurals: bool = False) -> str:
        """`figures`: the exact values (they choose forms and parts); `shown`: the same names with
        the values as they are written (money formatted, and so on)."""
        values = dict(shown)
        if self.parts:
            values["parts"] = self.joiner.join(
                p.pick(figures, plurals).format(**values) for p in self.parts if figures[p.when])
        return self.wording.pick(figures, plurals).format(**values)


def make(codes: Mapping[str, Template], code: str, figures: dict) -> Reason:
    """A Reason checked against its registry: exactly the figures the template names, each of its
    kind (ints and Fractions are accepted for money and fraction figures and stored as Fractions)."""
    template = codes[code]
    if figures.keys() != template.figures.keys():
        raise ValueError(f"reason {code!r} takes the figures {sorted(template.figures)}, not {sorted(figures)}")
    for name, want in template.types:
        v = figures[name]
        if type(v) is want:
            continue
        if isinstance(v, bool):
            raise TypeError(f"reason {code!r}: figure {name!r} cannot be a bool")
        if want is Fraction and isinstance(v, (int, Fraction)):
            figures[name] = Fraction(v)
        elif want is int and hasattr(v, "__index__"):
            figures[name] = int(v)
        elif not isinstance(v, want):
            raise TypeError(f"reason {code!r}: figure {name!r} must be {template.figures[name]}, not {v!r}")
    return Reason(code, figures)


class Rendered(Mapping):
    """A read-only mapping key -> the English of a Reason, each rendered on first access and kept.
    (`pb.Outcome.explanations`: counting need not pay for sentences nobody reads.)"""

    __slots__ = ("_reasons", "_render", "_done")

    def __init__(self, reasons: Mapping[str, Reason], render: Callable[[Reason], str]):
        self._reasons = reasons
        self._render = render
        self._done: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        text = self._done.get(key)
        if text is None:
            text = self._done[key] = self._render(self._reasons[key])
        return text

    def __iter__(self):
        return iter(self._reasons)

    def __len__(self) -> int:
        return len(self._reasons)

    def __repr__(self) -> str:
        return f"Rendered({dict(self)!r})"


def english_of(codes: Mapping[str, Template], formats: Mapping[str, Callable[[object], object]],
               reason: Reason, *, plurals: bool = False, extra: Mapping[str, object] | None = None) -> str:
    """Render a reason with its registry's English; `formats` maps a kind to how a value of that kind
    is written (kinds not listed are written as they are); `extra`: placeholders derived from the
    figures (e.g. a time span written out)."""
    template = codes[reason.code]
    figures = reason.figures
    shown = {name: formats.get(kind, _same)(figures[name]) for name, kind in template.figures.items()}
    if extra:
        shown.update(extra)
    return template.render(figures, shown, plurals=plurals)


def _same(x: object) -> object:
    return x
