"""Friendly, translated error pages. They never show a traceback or echo the request."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.http import HttpResponseServerError


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors: whatever failed may fail again while rendering the page.
    return HttpResponseServerError(render_to_string("errors/500.html"))
