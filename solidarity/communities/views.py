from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from solidarity.accounts import confirm
from solidarity.accounts.forms import SignUpForm
from solidarity.accounts.signin import finish_login
from solidarity.core import capabilities
from solidarity.core.workflow import NotAllowed
from solidarity.privacy import throttle
from solidarity.privacy.models import AuditEntry

from . import actions
from .access import (access_invitation_for_user, access_member_for_user, access_membership_for_user,
                     public_community)
from .forms import CapabilitiesForm, InvitationForm, JoinCodeForm, RoleForm
from .models import Community, Membership, Purpose, Role


def home(request):
    memberships = []
    if request.user.is_authenticated:
        memberships = request.user.memberships.select_related("community")
    return render(request, "home.html", {
        "memberships": memberships,
        "communities": Community.objects.all()[:50],
        "join_form": JoinCodeForm(),
    })


def community_home(request, community_slug):
    community = public_community(community_slug)
    membership = None
    if request.user.is_authenticated:
        membership = Membership.objects.filter(community=community, user=request.user).first()
    return render(request, "communities/home.html", {
        "community": community,
        "membership": membership,
        "member_count": community.memberships.count(),
    })


@login_required
def members(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    rows = mine.community.memberships.select_related("user")
    return render(request, "communities/members.html", {
        "community": mine.community, "membership": mine, "rows": rows, "role_form": RoleForm(),
    })


@require_POST
@login_required
def member_action(request, community_slug, membership_id):
    mine, member = access_member_for_user(request.user, community_slug, membership_id)
    action = request.POST.get("action")
    back = redirect("communities:members", community_slug)
    if action in ("role", "reset") and not confirm.is_recent(request):
        return confirm.ask(request, reverse("communities:members", args=[community_slug]))
    try:
        if action == "role":
            form = RoleForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Please choose a role."))
                return back
            actions.do_change_role(mine, member, form.cleaned_data["role"])
            messages.success(request, _("%(handle)s is now: %(role)s.")
                             % {"handle": member.user.handle, "role": member.get_role_display()})
        elif action == "remove":
            if member.pk == mine.pk:
                messages.error(request, _("You cannot remove yourself here."))
                return back
            actions.do_remove_member(mine, member)
            messages.success(request, _("%(handle)s was removed from the community.") % {"handle": member.user.handle})
        elif action == "reset":
            try:
                code = actions.do_issue_reset_link(mine, member)
            except actions.ResetRefused as refusal:
                messages.error(request, str(refusal))
                return back
            link = request.build_absolute_uri(reverse("accounts:reset_password", args=[code]))
            return render(request, "communities/reset_link.html", {
                "community": mine.community, "membership": mine, "member": member, "link": link,
            })
        else:
            messages.error(request, _("Unknown action."))
    except NotAllowed:
        raise PermissionDenied from None
    return back


@login_required
@never_cache
def invitations(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    form = InvitationForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("role") != Role.MEMBER and not confirm.is_recent(request):
            return confirm.ask(request)
        try:
            invitation, code = actions.do_create_invitation(mine, **form.cleaned_data)
        except NotAllowed as refusal:
            form.add_error("role", str(refusal))
        else:
            created = {
                "invitation": invitation,
                "code": code,
                "link": request.build_absolute_uri(reverse("communities:join_link", args=[code])),
            }
            form = InvitationForm()
    rows = mine.community.invitations.filter(purpose=Purpose.JOIN).select_related("created_by")
    return render(request, "communities/invitations.html", {
        "community": mine.community, "membership": mine, "form": form, "created": created, "rows": rows,
    }, status=400 if form.errors else 200)


@require_POST
@login_required
def revoke_invitation(request, community_slug, invitation_id):
    mine, invitation = access_invitation_for_user(request.user, community_slug, invitation_id)
    actions.do_revoke_invitation(mine, invitation)
    messages.success(request, _("The invitation is revoked. Nobody can use it now."))
    return redirect("communities:invitations", community_slug)


@login_required
def capability_switches(request, community_slug):
    """Admins choose which capabilities the community uses, as Decidim's components."""
    mine = access_membership_for_user(request.user, community_slug, admin=True)
    community = mine.community
    form = CapabilitiesForm(request.POST or None, initial={
        "enabled": [c.slug for c in capabilities.enabled_for(community)], "currency": community.currency})
    if request.method == "POST" and form.is_valid():
        actions.do_save_community_settings(mine, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("communities:capabilities", community_slug)
    return render(request, "communities/capabilities.html", {
        "community": community, "membership": mine, "form": form,
        "rows": [(c, capabilities.is_enabled(community, c.slug)) for c in capabilities.all_capabilities()],
    }, status=400 if form.errors else 200)


@login_required
def audit_log(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    entries = AuditEntry.objects.filter(community=mine.community).select_related("actor")[:200]
    return render(request, "communities/audit.html", {
        "community": mine.community, "membership": mine, "entries": entries,
    })


def join(request):
    form = JoinCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("communities:join_link", form.cleaned_data["code"].strip())
    return render(request, "communities/join_code.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@throttle.limited("lookups")
def join_link(request, code):
    try:
        invitation = actions.find_usable_invitation(code)
    except actions.InvitationRefused as refused:
        return render(request, "refused.html", {"message": str(refused)}, status=410)
    community = invitation.community
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                actions.do_join(code, request.user)
            except actions.InvitationRefused as refused:
                return render(request, "refused.html", {"message": str(refused)}, status=410)
            messages.success(request, _("Welcome to %(community)s.") % {"community": community.name})
            return redirect("communities:home", community.slug)
        return render(request, "communities/join.html", {"community": community, "code": code})
    form = SignUpForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.do_join_with_new_account(
                code, handle=form.cleaned_data["handle"], password=form.cleaned_data["new_password"],
                language=form.cleaned_data["language"],
            )
        except actions.InvitationRefused as refused:
            return render(request, "refused.html", {"message": str(refused)}, status=410)
        except actions.HandleTaken:
            form.add_error("handle", _("That name is taken. Please choose another."))
        else:
            messages.success(request, _("Welcome to %(community)s.") % {"community": community.name})
            return finish_login(request, membership.user, next_url=reverse("communities:home", args=[community.slug]))
    return render(request, "communities/join.html", {"community": community, "code": code, "form": form},
                  status=400 if form.errors else 200)
