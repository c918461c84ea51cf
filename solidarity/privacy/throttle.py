"""Log-in backoff and rate limits, counted in the database so that every worker sees the same counts.

Counters are keyed by a keyed hash of the client (its address), the account or the community, with a
salt that changes every day: no address or handle is stored, and yesterday's keys cannot be
recomputed from today's salt.

- Log-in: after LOGIN_FAILURES_PER_ACCOUNT failures for an account, or LOGIN_FAILURES_PER_CLIENT from
  one client, each further failure doubles the wait before the next try (1 s, 2 s, 4 s …, at most
  LOGIN_THROTTLE_MINUTES). Nobody behind a shared address waits long for one mistyped password, and
  a person whose account is under attack still gets in with their password and a two-factor code.
- Rate limits (RATE_LIMITS): a number of hits per window of minutes, per client or per community.
"""

import hashlib
import hmac
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from functools import wraps

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ThrottleBucket


def _digest(kind: str, value: str, day) -> str:
    salt = hmac.new(settings.SECRET_KEY.encode(), f"throttle:{day.isoformat()}".encode(), hashlib.sha256).digest()
    return hmac.new(salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def client_key(address: str) -> str:
    """A keyed hash of the address, with a salt that changes daily."""
    return _digest("client", address, timezone.now().date())


def account_key(handle: str) -> str:
    return _digest("account", handle.strip().lower(), timezone.now().date())


def _count(key: str, expires_at) -> int:
    """Add one to the counter `key` (made if missing) in one statement; return its new value."""
    table = connection.ops.quote_name(ThrottleBucket._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, count, expires_at) VALUES (%s, 1, %s) "  # noqa: S608 - name from _meta
            f"ON CONFLICT (key) DO UPDATE SET count = CASE WHEN {table}.expires_at <= %s THEN 1 "
            f"ELSE {table}.count + 1 END, expires_at = EXCLUDED.expires_at RETURNING count",
            [key, connection.ops.adapt_datetimefield_value(expires_at),
             connection.ops.adapt_datetimefield_value(timezone.now())])
        return cursor.fetchone()[0]


# --- Log-in backoff ------------------------------------------------------------------------------

def _login_keys(client: str, account: str | None = None) -> dict[str, int]:
    keys = {f"login:{client}": settings.LOGIN_FAILURES_PER_CLIENT}
    if account is not None:
        keys[f"login:{account}"] = settings.LOGIN_FAILURES_PER_ACCOUNT
    return keys


def wait_seconds(*, client: str, account: str | None = None) -> int:
    """How long this client (and, if given, anyone trying this account) must wait (0: go ahead)."""
    now = timezone.now()
    waits = [(b.blocked_until - now).total_seconds() for b in ThrottleBucket.objects.filter(
        key__in=list(_login_keys(client, account)), blocked_until__gt=now)]
    return int(max(waits, default=0) + 0.999)


def record_failure(*, client: str, account: str) -> None:
    now = timezone.now()
    cap = settings.LOGIN_THROTTLE_MINUTES * 60
    for key, free in _login_keys(client, account).items():
        failures = _count(key, now + timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES))
        if failures >= free:
            # Failures are remembered for a window after the wait ends, so waiting it out does not reset them.
            until = now + timedelta(seconds=min(2 ** min(failures - free, 20), cap))
            ThrottleBucket.objects.filter(key=key).update(
                blocked_until=until, expires_at=until + timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES))


def clear(*, account: str) -> None:
    ThrottleBucket.objects.filter(key=f"login:{account}").delete()


def wait_message(seconds: int) -> str:
    if seconds < 120:
        return ngettext("Too many attempts. Please wait %(count)s second and try again.",
                        "Too many attempts. Please wait %(count)s seconds and try again.", seconds) % {"count": seconds}
    minutes = (seconds + 59) // 60
    return ngettext("Too many attempts. Please wait %(count)s minute and try again.",
                    "Too many attempts. Please wait %(count)s minutes and try again.", minutes) % {"count": minutes}


# --- Rate limits ---------------------------------------------------------------------------------

def over_limit(request, kind: str, community: str | None = None) -> bool:
    """Count one `kind` of hit (requests, lookups, ideas) from this client, and for the community (its
    slug) when a per-community limit exists; True when any limit is passed. The hit counts either way."""
    now = timezone.now()
    over = False
    for per, subject in (("client", request.client_key), ("community", community)):
        limit = settings.RATE_LIMITS.get(f"{kind}-per-{per}")
        if limit is None or subject is None:
            continue
        count, minutes = limit
        window = int(now.timestamp()) // (minutes * 60)
        ends = datetime.fromtimestamp((window + 1) * minutes * 60, tz=dt_timezone.utc)
        key = f"rate:{_digest(f'{kind}:{per}:{window}', str(subject), now.date())}"
        over |= _count(key, ends) > count
        request.retry_after = max(getattr(request, "retry_after", 0), int((ends - now).total_seconds()) + 1)
    return over


def too_many(request, *, json: bool = False):
    """The answer when a limit is passed: a page, or Open311's JSON error list, with Retry-After."""
    seconds = getattr(request, "retry_after", 60)
    minutes = (seconds + 59) // 60
    message = ngettext("Too many tries from here. Please wait %(count)s minute and try again.",
                       "Too many tries from here. Please wait %(count)s minutes and try again.",
                       minutes) % {"count": minutes}
    if json:
        response = JsonResponse([{"code": 429, "description": message}], status=429, safe=False)
    else:
        response = render(request, "errors/429.html", {"message": message, "shared": _(
            "Many people may share this connection, at a library or a shelter. If you need help now, "
            "call or visit the community instead.")}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def limited(kind: str, *, methods=("GET", "POST"), json: bool = False):
    """Decorate a view so that each hit by `methods` counts under `kind` (per client, and per community
    for views under /c/<community_slug>/), answering 429 once a limit is passed."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and over_limit(request, kind, kwargs.get("community_slug")):
                return too_many(request, json=json)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
