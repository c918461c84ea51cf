"""A capability a community has switched off answers 404 on that community's pages."""

from django.http import Http404

from solidarity.core import capabilities

from .models import Community


class CapabilitySwitches:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        slug = kwargs.get("community_slug")
        match = request.resolver_match
        if slug is None or match is None:
            return None
        capability = capabilities.for_namespace(match.namespace)
        if capability is None:
            return None
        off = Community.objects.filter(slug=slug).values_list("capabilities_off", flat=True).first()
        if off and capability.slug in off:
            raise Http404
        return None
