"""Template filters every app shares."""

from django import template
from django.utils.translation import gettext as _

from solidarity.core.money import amount_text, cents_text

register = template.Library()


@register.filter
def money(cents, community=None):
    """{{ cents|money }} -> '1,234.56'; {{ cents|money:community }} -> '$1,234.56'."""
    cents = int(cents or 0)
    return cents_text(cents) if community is None else amount_text(cents, community)


@register.filter
def or_few(count):
    """A count hidden by privacy.suppression reads as "fewer than 5"."""
    return _("fewer than 5") if count is None else count
