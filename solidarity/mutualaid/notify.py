"""The bare emails mutual aid sends (core.mail)."""

from django.utils.translation import gettext_lazy as _

from solidarity.core.mail import tell


def tell_helper_about_match(user) -> bool:
    return tell(user, _("You have a new match"), _("You have a new match. Sign in to see it."))
