"""Email that says only that something happened: never who, what or where.

Sign-in is where the details are; an email can be read over a shoulder, forwarded or seized.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation


def tell(user, subject, message) -> bool:
    """Send a bare notice to `user` in their language, if they gave an email. `subject` and `message`
    are lazy translations. Returns whether an email went out."""
    if not user.email:
        return False
    with translation.override(user.language):
        send_mail(subject=str(subject), message=str(message), from_email=settings.DEFAULT_FROM_EMAIL,
                  recipient_list=[user.email], fail_silently=True)
    return True
