"""Friendly, translated error pages. They never show a traceback or echo the request."""

import sys

from django.db import OperationalError
from django.http import HttpResponse
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
    # A write that waited its whole timeout for the database's lock (SQLite has one, shared by the
    # whole site) is a busy moment, not a fault: 503, saying nothing was saved and to try again. The
    # request's transaction was rolled back, so trying again is safe.
    problem = sys.exc_info()[1]
    if isinstance(problem, OperationalError) and any(word in str(problem) for word in ("locked", "lock timeout")):
        response = HttpResponse(render_to_string("errors/503.html"), status=503)
        response["Retry-After"] = "10"
        return response
    # No context processors: whatever failed may fail again while rendering the page.
    return HttpResponseServerError(render_to_string("errors/500.html"))

