"""Money as whole cents: entered as decimals, stored as integers, shown without floating point."""

from decimal import Decimal


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def format_cents(cents: int) -> str:
    """Exact money text: 123456 -> '1,234.56'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{part:02d}"
