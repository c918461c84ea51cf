from django import template
from django.urls import reverse

from solidarity.core import capabilities

register = template.Library()


@register.simple_tag(takes_context=True)
def capability_nav(context, community, membership):
    """[(label, url, is current)] for the capability entries this person may see in this community."""
    match = getattr(context.get("request"), "resolver_match", None)
    return [(entry.label, reverse(entry.url_name, args=[community.slug]), entry.is_current(match))
            for entry in capabilities.nav_entries(community, membership)]


@register.simple_tag
def capability_cards(community, membership, audience):
    return [card.template for card in capabilities.home_cards(community, membership, audience)]
