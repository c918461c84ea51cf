from django.conf import settings
from django.db import models
from django.utils import timezone

from .retention import Retention


class AuditEntry(models.Model):
    """One organizer action: who, what, on which object, and the day (never the time of day).

    Written explicitly by the do_* workflows. Only the day is kept so that an entry cannot be lined
    up with other records (a ballot, a request) by its precise time.
    """

    community = models.ForeignKey("communities.Community", null=True, blank=True, on_delete=models.CASCADE)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    day = models.DateField(default=timezone.localdate)

    retention = (Retention(after="day", days=lambda: settings.AUDIT_RETENTION_DAYS, description="audit entries"),)

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["community", "day"])]

    def __str__(self):
        return f"{self.day} {self.action}"

    @classmethod
    def record(cls, *, actor, action: str, target=None, community=None, detail: str = "") -> "AuditEntry":
        return cls.objects.create(
            community=community,
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            target_type=target._meta.model_name if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            detail=detail[:200],
        )


class ThrottleBucket(models.Model):
    """A counter (failed log-ins, or hits under a rate limit) under a keyed hash of the client, the
    account or the community, until it expires (privacy.throttle)."""

    key = models.CharField(max_length=80, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True)  # log-in backoff: no try before then

    retention = (Retention(after="expires_at", days=0, description="expired throttle counters"),)
