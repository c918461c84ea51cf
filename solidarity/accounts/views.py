import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from solidarity.communities.actions import InvitationRefused, do_reset_password, find_usable_invitation
from solidarity.communities.models import Purpose
from solidarity.privacy import throttle
from solidarity.privacy.disclosure import everything_about

from . import confirm, two_factor
from .actions import do_delete_account, do_sign_out_everywhere, end_sessions
from .forms import ChangePasswordForm, CodeForm, ConfirmPasswordForm, DeleteAccountForm, LoginForm, ProfileForm, SetPasswordForm
from .signin import finish_login, safe_next_url

PENDING = "pending_two_factor_user"
PENDING_NEXT = "pending_two_factor_next"


@never_cache
def login_view(request):
    form = LoginForm(request.POST or None, with_code="code" in request.POST)
    if request.method == "POST" and form.is_valid():
        handle, password = form.cleaned_data["handle"], form.cleaned_data["password"]
        keys = {"client": request.client_key, "account": throttle.account_key(handle)}
        user = get_user_model().objects.filter(handle__iexact=handle, is_active=True).first()
        if client_wait := throttle.wait_seconds(client=request.client_key):
            # This client tried too often: nothing is checked until the wait is over.
            form.add_error(None, throttle.wait_message(client_wait))
        elif wait := throttle.wait_seconds(**keys):
            # The account is held back (someone may be guessing its password): its owner gets in with
            # the password and a two-factor code together, and a failure says nothing about which was wrong.
            code = form.cleaned_data.get("code", "").replace(" ", "")
            device = None
            if user is not None and code and user.check_password(password):
                device = match_token(user, code) if two_factor.has_confirmed_device(user) else None
            if device is not None:
                throttle.clear(account=keys["account"])
                return finish_login(request, user, device)
            if code:
                throttle.record_failure(**keys)
            form = LoginForm(request.POST, with_code=True)
            form.is_valid()
            form.add_error(None, throttle.wait_message(throttle.wait_seconds(**keys) or wait) + " " + _(
                "If you use an authenticator app, enter its code with your password to sign in now."))
        elif user is None or not user.check_password(password):
            if user is None:
                # The same Argon2 work as for a real account, so the time taken does not tell who exists.
                get_user_model()().set_password(password)
            throttle.record_failure(**keys)
            form.add_error(None, _("That name and password do not match."))
        elif two_factor.has_confirmed_device(user):
            request.session[PENDING] = user.pk
            request.session[PENDING_NEXT] = safe_next_url(request)
            return redirect("accounts:login_code")
        else:
            throttle.clear(account=keys["account"])
            return finish_login(request, user)
    status = 400 if form.errors else 200
    return render(request, "accounts/login.html", {"form": form, "next": safe_next_url(request, "")}, status=status)


@never_cache
def login_code(request):
    user = get_user_model().objects.filter(pk=request.session.get(PENDING), is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        keys = {"client": request.client_key, "account": throttle.account_key(user.handle)}
        # The password was right; only this client's own failures hold the code back, so that someone
        # guessing the account's password elsewhere does not keep its owner out.
        wait = throttle.wait_seconds(client=request.client_key)
        device = None if wait else match_token(user, form.cleaned_data["code"].replace(" ", ""))
        if device is None:
            if wait:
                form.add_error("code", throttle.wait_message(wait))
            else:
                throttle.record_failure(**keys)
                form.add_error("code", _("That code is not right, or was used already. Codes change every 30 "
                                         "seconds."))
        else:
            throttle.clear(account=keys["account"])
            del request.session[PENDING]
            return finish_login(request, user, device, request.session.pop(PENDING_NEXT, None))
    status = 400 if form.errors else 200
    return render(request, "accounts/login_code.html", {"form": form}, status=status)


@login_required
@never_cache
def confirm_password(request):
    """The password again, before a sensitive step (accounts.confirm). Failures count as failed log-ins."""
    form = ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        keys = {"client": request.client_key, "account": throttle.account_key(request.user.handle)}
        if wait := throttle.wait_seconds(**keys):
            form.add_error(None, throttle.wait_message(wait))
        elif not request.user.check_password(form.cleaned_data["password"]):
            throttle.record_failure(**keys)
            form.add_error("password", _("That is not your password."))
        else:
            throttle.clear(account=keys["account"])
            confirm.mark_confirmed(request)
            return redirect(safe_next_url(request))
    return render(request, "accounts/confirm.html", {"form": form, "next": safe_next_url(request, ""),
                                                     "minutes": settings.REAUTH_MINUTES},
                  status=400 if form.errors else 200)


@require_POST
def logout_view(request):
    """End the session on the server, and ask the browser to forget this site's cookies, storage and
    cached pages (a shared computer keeps nothing of the visit). A page rather than a redirect, so that
    no message has to survive the cookies being cleared."""
    logout(request)
    response = render(request, "accounts/logged_out.html")
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        if "email" in form.changed_data and not confirm.is_recent(request):
            messages.info(request, _("Confirm your password to change your email address, then save again."))
            return confirm.ask(request)
        form.save()
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language,
                            max_age=settings.LANGUAGE_COOKIE_AGE, secure=settings.LANGUAGE_COOKIE_SECURE,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE, httponly=True)
        return response
    memberships = request.user.memberships.select_related("community")
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships},
                  status=400 if form.errors else 200)


@login_required
def change_password(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["new_password"])
        request.user.save(update_fields=["password"])
        update_session_auth_hash(request, request.user)
        end_sessions(request.user, keep=request.session.session_key)  # a thief's session ends here
        messages.success(request, _("Your password is changed. You are signed out on every other device."))
        return redirect("accounts:profile")
    return render(request, "accounts/password.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
@login_required
def sign_out_everywhere(request):
    do_sign_out_everywhere(request.user)
    logout(request)
    messages.success(request, _("You are signed out on every device, this one too."))
    return redirect("accounts:login")


@never_cache
@throttle.limited("lookups")
def reset_password(request, code):
    try:
        invitation = find_usable_invitation(code, Purpose.RESET)
    except InvitationRefused as refused:
        return render(request, "refused.html", {"message": str(refused)}, status=410)
    form = SetPasswordForm(invitation.for_user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_reset_password(code, form.cleaned_data["new_password"])
        except InvitationRefused as refused:
            return render(request, "refused.html", {"message": str(refused)}, status=410)
        messages.success(request, _("Your password is changed. You can log in now."))
        return redirect("accounts:login")
    return render(request, "accounts/reset.html", {"form": form, "handle": invitation.for_user.handle},
                  status=400 if form.errors else 200)


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data are deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@confirm.password_first
def download_data(request):
    body = json.dumps(everything_about(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-solidarity-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
def two_factor_status(request):
    return render(request, "accounts/two_factor.html", {
        "enabled": two_factor.has_confirmed_device(request.user),
        "required": request.user.needs_two_factor(),
    })


@login_required
@never_cache
@confirm.password_first
def two_factor_setup(request):
    user = request.user
    if two_factor.has_confirmed_device(user) and not user.is_verified():
        # Someone with only the password must not be able to replace the authenticator.
        logout(request)
        return redirect("accounts:login")
    device = two_factor.pending_totp_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_device(device, form.cleaned_data["code"]):
            otp_login(request, device)
            codes = two_factor.new_recovery_codes(user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("code", _("That code is not right. Check the time on your phone and try the newest code."))
    return render(request, "accounts/two_factor_setup.html", {
        "form": form,
        "qr": two_factor.qr_svg(device),
        "secret": two_factor.secret_for_humans(device),
        "required": request.GET.get("required") == "1",
    }, status=400 if form.errors else 200)


@require_POST
@login_required
@confirm.password_first
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect("accounts:two_factor_setup")
    codes = two_factor.new_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})
