from django.shortcuts import redirect
from django.urls import reverse

_OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/")


def require_two_factor(get_response):
    """Organizers and admins must finish two-factor set-up before anything else."""

    def middleware(request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
            and user.needs_two_factor()
        ):
            return redirect(reverse("accounts:two_factor_setup") + "?required=1")
        return get_response(request)

    return middleware
