"""Money as whole cents: entered as decimals, stored as integers, shown without floating point.

The currency symbol belongs to the community (Community.currency), so every capability shows the
same one.
"""

from decimal import Decimal
from fractions import Fraction

from django import forms

# The largest amount in cents a column can hold (a signed 64-bit integer).
LARGEST_CENTS = 2**63 - 1


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def cents_text(cents: int) -> str:
    """Exact money text without a symbol: 123456 -> '1,234.56'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{part:02d}"


def amount_text(cents: int, community) -> str:
    """Exact money text with the community's currency symbol: '$1,234.56', '-$5.00'."""
    text = cents_text(cents)
    if text.startswith("-"):
        return "-" + community.currency + text[1:]
    return community.currency + text


def cents_as_fraction(cents: int) -> Fraction:
    """Cents as an exact number of whole units, as the engines count them."""
    return Fraction(cents, 100)


class MoneyField(forms.DecimalField):
    """An amount typed by a person: at least one cent, two decimals at most, and no more than `largest`,
    so an absurd number (10^400) gets the form's translated message, never a traceback."""

    def __init__(self, *, largest: Decimal = Decimal("1000000000"), **kwargs):
        super().__init__(min_value=Decimal("0.01"), max_value=largest, decimal_places=2, **kwargs)
