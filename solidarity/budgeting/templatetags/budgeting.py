from django import template

from solidarity.money import format_cents

register = template.Library()


@register.filter
def money(cents):
    return format_cents(int(cents or 0))
