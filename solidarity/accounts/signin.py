"""Signing a person in, shared by the log-in views and joining with an invitation."""

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from .middleware import SIGNED_IN, minute_now


def safe_next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def finish_login(request, user, device=None, next_url=None):
    """Log the person in, keep only the day of it, and go on to `next_url` (or a safe ?next=)."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SIGNED_IN] = minute_now()  # the session limits and the re-authentication count from here
    # Only the day of the last log-in is kept, so it cannot be lined up with other records.
    day_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    get_user_model().objects.filter(pk=user.pk).update(last_login=day_start)
    if device is not None:
        otp_login(request, device)
    tell_notices(request, user)
    response = redirect(next_url or safe_next_url(request))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, max_age=settings.LANGUAGE_COOKIE_AGE,
                        secure=settings.LANGUAGE_COOKIE_SECURE, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                        httponly=True)
    return response


def tell_notices(request, user) -> None:
    """Show what the person is to be told at this sign-in (communities.Notice), once."""
    from django.contrib import messages
    from django.utils import translation

    from solidarity.communities.models import Notice

    notices = list(Notice.objects.filter(user=user).select_related("community").order_by("day", "id"))
    with translation.override(user.language):  # the next page is in the person's language
        for notice in notices:
            messages.warning(request, notice.text())
    Notice.objects.filter(pk__in=[n.pk for n in notices]).delete()
