from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidarity.privacy.fields import EncryptedTextField

handle_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$",
    _("Use 2 to 40 letters, numbers, dots, dashes or underscores, starting with a letter or number."),
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, handle):
        return self.get(handle__iexact=handle)

    def create_user(self, handle, password=None, **fields):
        user = self.model(handle=handle, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, handle, password=None, **fields):
        return self.create_user(handle, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person, known by a pseudonym. Email and phone are optional and encrypted at rest."""

    handle = models.CharField(_("name to show"), max_length=40, unique=True, validators=[handle_validator])
    email = EncryptedTextField(_("email (optional)"), blank=True)
    phone = EncryptedTextField(_("phone (optional)"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False, help_text="A demo account: 2FA is not forced in demo mode.")
    date_joined = models.DateField(default=timezone.localdate)

    objects = UserManager()

    USERNAME_FIELD = "handle"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [models.UniqueConstraint(models.functions.Lower("handle"), name="unique_handle_ci")]

    def __str__(self):
        return self.handle

    def needs_two_factor(self) -> bool:
        """Organizers, admins and staff must use two-factor, except demo accounts in demo mode."""
        if settings.DEMO_MODE and self.is_demo:
            return False
        return self.is_staff or self.memberships.filter(role__in=("organizer", "admin")).exists()
