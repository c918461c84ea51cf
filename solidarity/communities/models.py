import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidarity.privacy.retention import Retention
from solidarity.core.public_ids import PublicIdField


class Community(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    created_on = models.DateField(default=timezone.localdate)
    # Slugs of the capabilities this community has switched off (solidarity.core.capabilities).
    capabilities_off = models.JSONField(default=list, blank=True)
    currency = models.CharField(_("currency symbol"), max_length=4, default="$")

    class Meta:
        verbose_name_plural = "communities"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    ORGANIZER = "organizer", _("Organizer")
    ADMIN = "admin", _("Admin")


ORGANIZING_ROLES = (Role.ORGANIZER, Role.ADMIN)


class Membership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    public_id = PublicIdField()  # in URLs instead of the row number (SR-26)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(default=timezone.localdate)
    role_since = models.DateField(default=timezone.localdate)  # the day the current role was granted

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_community")]
        ordering = ["user__handle"]

    def __str__(self):
        return f"{self.user} in {self.community} ({self.role})"

    def is_organizer(self) -> bool:
        return self.role in ORGANIZING_ROLES

    def may_take_part_in_two_person_rules(self) -> bool:
        """Whether this person may be one of the two people a rule asks for (two approvals, two
        typings). Someone who became an organizer only days ago may not, first or second: otherwise one
        person could give a second account of their own the role and pass a two-person rule alone."""
        if not self.is_organizer():
            return False
        if settings.DEMO_MODE and self.user.is_demo:
            return True
        return (timezone.localdate() - self.role_since).days >= settings.ORGANIZER_WAITING_DAYS


def refuse_new_organizers(community, user) -> None:
    """Raise NotAllowed unless `user` may take part in this community's two-person rules."""
    from solidarity.core.workflow import NotAllowed

    membership = Membership.objects.filter(community=community, user=user).select_related("user").first()
    if membership is None or not membership.may_take_part_in_two_person_rules():
        raise NotAllowed(_("This needs two people who have each been an organizer for at least %(days)s days.")
                         % {"days": settings.ORGANIZER_WAITING_DAYS})


class Purpose(models.TextChoices):
    JOIN = "join", _("Join the community")
    RESET = "reset", _("Reset a password")


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def _ten_minutes_before(moment):
    """Expiry on the ten minutes at or before `moment`: a lifetime is never longer than promised, and
    the stored time does not record the second the link was made."""
    return moment.replace(minute=moment.minute - moment.minute % 10, second=0, microsecond=0)


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked=False, expires_at__gt=timezone.now(), uses__lt=models.F("max_uses"))


class Invitation(models.Model):
    """A link or code that lets someone join a community, or reset one member's password.

    Only a hash of the code is stored: whoever reads the database cannot use it.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    public_id = PublicIdField()  # in URLs instead of the row number (SR-26)
    purpose = models.CharField(max_length=8, choices=Purpose.choices, default=Purpose.JOIN)
    code_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("note for organizers"), max_length=80, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    for_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="reset_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="invitations_created"
    )
    max_uses = models.PositiveIntegerField(default=1)
    uses = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)
    created_on = models.DateField(default=timezone.localdate)

    objects = InvitationQuerySet.as_manager()
    retention = (
        Retention(
            after="expires_at",
            days=lambda: settings.INVITATION_RETENTION_DAYS,
            description="expired invitations and reset links",
        ),
    )

    class Meta:
        ordering = ["-created_on", "-id"]

    def __str__(self):
        return self.label or f"{self.get_purpose_display()} ({self.community})"

    @classmethod
    def issue(cls, *, community, created_by, purpose=Purpose.JOIN, role=Role.MEMBER, for_user=None,
              max_uses=1, days=7, hours=0, label="") -> tuple["Invitation", str]:
        """Create an invitation and return it with its code, which is shown once and never stored.
        The code carries 128 random bits."""
        code = secrets.token_urlsafe(16)
        invitation = cls.objects.create(
            community=community,
            purpose=purpose,
            code_hash=hash_code(code),
            label=label,
            role=role,
            for_user=for_user,
            created_by=created_by,
            max_uses=max_uses,
            expires_at=_ten_minutes_before(timezone.now() + timedelta(days=days, hours=hours)),
        )
        return invitation, code

    def is_usable(self) -> bool:
        return not self.revoked and self.uses < self.max_uses and self.expires_at > timezone.now()


class Notice(models.Model):
    """Something a person is told the next time they sign in, in their own language, then forgotten.

    Admins are told when someone becomes an organizer (so a second account made to pass a two-person
    rule does not go unseen); a member is told when someone made a password link for their account.
    """

    class Kind(models.TextChoices):
        NEW_ORGANIZER = "new_organizer"
        PASSWORD_LINK = "password_link"  # noqa: S105 - a notice kind, not a password

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    about = models.CharField(max_length=150, blank=True)  # the new organizer's handle
    day = models.DateField(default=timezone.localdate)

    retention = (Retention(after="day", days=90, description="notices nobody signed in to read"),)

    def text(self) -> str:
        from django.utils.translation import gettext

        values = {"handle": self.about, "community": self.community.name, "day": self.day.isoformat()}
        if self.kind == self.Kind.NEW_ORGANIZER:
            return gettext("%(handle)s became an organizer of %(community)s on %(day)s. If you did not expect "
                           "this, check the members page.") % values
        return gettext("On %(day)s an organizer of %(community)s made a link to set a new password for your "
                       "account. If you did not ask for it, tell an admin.") % values
