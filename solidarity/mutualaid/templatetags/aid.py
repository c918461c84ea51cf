from django import template

from ..models import ACCESS_CHOICES, CATEGORIES, LANGUAGE_CHOICES
from ..reasons import phrases

register = template.Library()
LABELS = {**dict(LANGUAGE_CHOICES), **dict(ACCESS_CHOICES), **dict(CATEGORIES)}


@register.filter
def labels(comma_separated):
    """'en,es' -> 'English, Spanish', translated."""
    return ", ".join(str(LABELS.get(x, x)) for x in str(comma_separated or "").split(",") if x)



@register.filter
def reasons(score):
    """A match score's reasons as translated phrases, joined."""
    return ", ".join(phrases(score))
