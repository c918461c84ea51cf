from django.conf import settings


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
