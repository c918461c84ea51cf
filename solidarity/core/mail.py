"""Email that says only that something happened: never who, what or where.

Sign-in is where the details are; an email can be read over a shoulder, forwarded or seized.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _


def tell(user) -> bool:
    """Send `user` the one notice there is, in their language, if they gave an email: that they have an
    update. It names no person, request, process or community (SR-06): what it is about is shown when
    they sign in. Returns whether an email went out."""
    if not user.email:
        return False
    with translation.override(user.language):
        text = _("You have an update in %(site)s. Sign in to see it.") % {"site": settings.SITE_NAME}
        send_mail(subject=_("You have an update in %(site)s") % {"site": settings.SITE_NAME}, message=text,
                  from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[user.email], fail_silently=True)
    return True
