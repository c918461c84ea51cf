from django import template
from django.utils.translation import gettext as _

from solidarity.money import format_cents

from ..models import ACCESS_CHOICES, LANGUAGE_CHOICES, Category

register = template.Library()
LABELS = {**dict(LANGUAGE_CHOICES), **dict(ACCESS_CHOICES), **dict(Category.choices)}


@register.filter
def money(cents):
    return format_cents(int(cents or 0))


@register.filter
def labels(comma_separated):
    """'en,es' -> 'English, Spanish', translated."""
    return ", ".join(str(LABELS.get(x, x)) for x in str(comma_separated or "").split(",") if x)


@register.filter
def or_few(count):
    """A hidden small count reads as "fewer than 5"."""
    return _("fewer than 5") if count is None else count
