from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from solidarity.communities.access import access_membership_for_user
from solidarity.privacy.codes import is_number

from . import actions
from .forms import ResponderForm, SettingsForm, ZoneForm
from .models import AidSettings, Responder, Zone


@login_required
def setup(request, community_slug):
    """Organizers set the exchange mode, retention, fund rules, zones and crisis responders."""
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    community = mine.community
    aid = AidSettings.for_community(community)
    forms = {
        "settings": SettingsForm(instance=aid, prefix="settings"),
        "zone": ZoneForm(community, prefix="zone"),
        "responder": ResponderForm(prefix="responder"),
    }
    which = request.POST.get("form")
    if request.method == "POST" and which in forms:
        if which == "settings":
            form = SettingsForm(request.POST, instance=aid, prefix="settings")
        elif which == "zone":
            form = ZoneForm(community, request.POST, instance=Zone(community=community), prefix="zone")
        else:
            form = ResponderForm(request.POST, instance=Responder(community=community), prefix="responder")
        forms[which] = form
        if form.is_valid():
            actions.do_save_setup(request.user, community, which, form)
            messages.success(request, _("Saved."))
            return redirect("aid:setup", community_slug)
    if request.method == "POST" and is_number(request.POST.get("delete_responder", "")):
        actions.do_remove_responder(request.user, community, request.POST["delete_responder"])
        return redirect("aid:setup", community_slug)
    return render(request, "mutualaid/setup.html", {
        "community": community, "membership": mine, "forms": forms,
        "zones": Zone.objects.filter(community=community).prefetch_related("neighbours"),
        "responders": Responder.objects.filter(community=community),
    }, status=400 if any(f.errors for f in forms.values()) else 200)
