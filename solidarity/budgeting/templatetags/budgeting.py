from django import template

from ..charts import _money

register = template.Library()


@register.filter
def money(cents):
    return _money(int(cents or 0))
