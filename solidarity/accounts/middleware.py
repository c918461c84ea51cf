import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

_OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/")

# Session keys, in whole minutes since the epoch: when this sign-in began, and its last request.
SIGNED_IN, SEEN = "signed_in_minute", "seen_minute"


def minute_now() -> int:
    return int(time.time() // 60)


def session_limits(get_response):
    """A sign-in ends after SESSION_IDLE_MINUTES without a request, and SESSION_HOURS after it began,
    whatever the cookie says: the server refuses the session, not only the browser.

    The times are kept in the session itself (a row that is deleted when the session ends), to the
    minute, and the last request's minute is written at most once a minute.
    """

    def middleware(request):
        if request.user.is_authenticated:
            now, session = minute_now(), request.session
            began, seen = session.get(SIGNED_IN), session.get(SEEN)
            if began is None:  # a session from before these limits, or a test's force_login: it starts now
                session[SIGNED_IN] = began = now
            idle = seen is not None and now - seen > settings.SESSION_IDLE_MINUTES
            if idle or now - began >= settings.SESSION_HOURS * 60:
                logout(request)
                messages.info(request, _("You were signed out after %(minutes)d minutes without activity. Sign "
                                         "in again to go on.") % {"minutes": settings.SESSION_IDLE_MINUTES}
                              if idle else _("You were signed out because you signed in %(hours)d hours ago. "
                                             "Sign in again to go on.") % {"hours": settings.SESSION_HOURS})
                return redirect(reverse("accounts:login") + "?" + _next(request))
            if seen != now:
                session[SEEN] = now
        return get_response(request)

    return middleware


def _next(request) -> str:
    return urlencode({"next": request.get_full_path() if request.method == "GET" else request.path})


def require_two_factor(get_response):
    """Organizers and admins must finish two-factor set-up before anything else."""

    def middleware(request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
            and user.needs_two_factor()
        ):
            return redirect(reverse("accounts:two_factor_setup") + "?required=1")
        return get_response(request)

    return middleware
