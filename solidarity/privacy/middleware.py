from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware


def no_client_traces(get_response):
    """Forget the client's address and agent before any other code can see them.

    Throttling needs to tell clients apart, so the address is first turned into a keyed hash that
    changes every day (request.client_key); the address itself is never kept.
    """
    from .throttle import client_key

    def middleware(request):
        address = request.META.get("REMOTE_ADDR", "")
        if settings.USE_X_FORWARDED_FOR:
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            address = forwarded.split(",")[-1].strip() or address
        request.client_key = client_key(address)
        for name in ("REMOTE_ADDR", "REMOTE_HOST", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED"):
            request.META.pop(name, None)
        request.META["REMOTE_ADDR"] = "0.0.0.0"
        request.META.pop("HTTP_USER_AGENT", None)
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


class NoReferrerCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF protection, adjusted for `Referrer-Policy: no-referrer`.

    Under that policy browsers send `Origin: null` and no Referer on our own form posts, which
    Django would refuse. The token check still applies to every post. In place of the origin, we
    trust `Sec-Fetch-Site`, which browsers set themselves; browsers too old to send it fall back to
    the token alone. Django's strict Referer check on HTTPS guards against a cookie planted over
    plain HTTP; our production cookies carry the `__Host-` prefix, which browsers accept only over
    HTTPS from this exact host, and HSTS keeps browsers off plain HTTP.
    """

    @staticmethod
    def _same_site_or_unknown(request) -> bool:
        return request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") == "same-origin"

    def _origin_verified(self, request):
        if request.META.get("HTTP_ORIGIN") == "null":
            return self._same_site_or_unknown(request)
        return super()._origin_verified(request)

    def _check_referer(self, request):
        if "HTTP_REFERER" not in request.META and self._same_site_or_unknown(request):
            return
        super()._check_referer(request)
