"""The bare emails mutual aid sends (core.mail)."""

from solidarity.core.mail import tell


def tell_helper_about_match(user) -> bool:
    """The match itself is shown on their home page once they sign in."""
    return tell(user)
