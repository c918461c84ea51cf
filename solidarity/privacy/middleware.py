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
        request.META["REMOTE_ADDR"] = "0.0.0.0"  # noqa: S104 - a placeholder address, not a bind
        request.META.pop("HTTP_USER_AGENT", None)
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def no_referrer_csrf(get_response):
    """Let Django's CSRF protection work under `Referrer-Policy: no-referrer`. Runs just before it.

    Under that policy browsers post our own forms with `Origin: null` and no Referer, which Django
    would refuse. Browsers also send `Sec-Fetch-Site`, which a page cannot forge: when it says
    same-origin (or is absent, on browsers too old to send it), the null origin is dropped and, over
    HTTPS, the missing Referer is stated as this site, which is what the browser has told us. The
    CSRF token is still checked on every post, and a cross-site post keeps its null origin and is
    refused. Django's strict Referer check guards against a token cookie planted over plain HTTP;
    our production cookies carry the `__Host-` prefix, which browsers accept only over HTTPS from
    this exact host.
    """

    def middleware(request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE", "same-origin") == "same-origin":
            del meta["HTTP_ORIGIN"]
            if request.is_secure() and "HTTP_REFERER" not in meta:
                meta["HTTP_REFERER"] = f"https://{request.get_host()}/"
        return get_response(request)

    return middleware


def no_store_personal_pages(get_response):
    """No browser, proxy or shared cache keeps a page shown to a signed-in person, or any download.

    A shared computer at a library or a shelter must not keep the queue, the ledger or a member list
    in its cache. Runs after authentication, so it knows who the page was for.
    """

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        is_download = response.get("Content-Disposition", "").startswith("attachment")
        if (user is not None and user.is_authenticated) or is_download:
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response

    return middleware
