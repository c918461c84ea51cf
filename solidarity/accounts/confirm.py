"""Asking for the password again before a sensitive step (changing the email address or two-factor
devices, granting a role, inviting an organizer, issuing a reset link, downloading an export), when the
person last signed in or confirmed it more than REAUTH_MINUTES ago. Someone who finds a phone or a
library computer still signed in cannot do these things with it."""

from functools import wraps

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .middleware import SIGNED_IN, minute_now

CONFIRMED = "confirmed_minute"


def is_recent(request) -> bool:
    session = request.session
    last = max(session.get(SIGNED_IN) or 0, session.get(CONFIRMED) or 0)
    return minute_now() - last < settings.REAUTH_MINUTES


def ask(request, back: str | None = None):
    """Send the person to the password page, then back to `back` (by default this page; after a POST,
    its form page, since the form must be sent again)."""
    return redirect(reverse("accounts:confirm") + "?" + urlencode({"next": back or request.path}))


def mark_confirmed(request) -> None:
    request.session[CONFIRMED] = minute_now()


def password_first(view):
    """The view runs only after a recent sign-in or password confirmation."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not is_recent(request):
            return ask(request, request.get_full_path() if request.method == "GET" else None)
        return view(request, *args, **kwargs)

    return wrapper
