"""Login throttling keyed by salted, expiring hashes: never by a stored address or handle."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import ThrottleBucket


def _digest(kind: str, value: str, day) -> str:
    salt = hmac.new(settings.SECRET_KEY.encode(), f"throttle:{day.isoformat()}".encode(), hashlib.sha256).digest()
    return hmac.new(salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def client_key(address: str) -> str:
    """A keyed hash of the address, with a salt that changes daily."""
    return _digest("client", address, timezone.now().date())


def account_key(handle: str) -> str:
    return _digest("account", handle.strip().lower(), timezone.now().date())


def _window():
    return timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)


def is_blocked(*, client: str, account: str) -> bool:
    now = timezone.now()
    limits = {client: settings.LOGIN_FAILURES_PER_CLIENT, account: settings.LOGIN_FAILURES_PER_ACCOUNT}
    for bucket in ThrottleBucket.objects.filter(key__in=list(limits), expires_at__gt=now):
        if bucket.failures >= limits[bucket.key]:
            return True
    return False


def record_failure(*, client: str, account: str) -> None:
    now = timezone.now()
    for key in (client, account):
        for _attempt in range(2):  # a concurrent first failure may create the row between our two steps
            try:
                with transaction.atomic():
                    updated = ThrottleBucket.objects.filter(key=key, expires_at__gt=now).update(
                        failures=F("failures") + 1)
                    if not updated:
                        ThrottleBucket.objects.filter(key=key, expires_at__lte=now).delete()
                        ThrottleBucket.objects.create(key=key, failures=1, expires_at=now + _window())
                break
            except IntegrityError:
                continue


def clear(*, account: str) -> None:
    ThrottleBucket.objects.filter(key=account).delete()
