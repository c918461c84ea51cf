"""Email that says only that something happened: never who, what or where."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _


def tell_helper_about_match(user) -> bool:
    if not user.email:
        return False
    with translation.override(user.language):
        send_mail(
            subject=_("You have a new match"),
            message=_("You have a new match. Sign in to see it."),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
            fail_silently=True,
        )
    return True
