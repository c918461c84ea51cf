from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from solidarity.communities.access import access_membership_for_user
from solidarity.privacy.codes import is_number
from solidarity.privacy.models import AuditEntry

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
            saved = form.save(commit=False)
            saved.save()
            if which == "zone":
                saved.neighbours.set(form.cleaned_data["neighbours"], through_defaults={"community": community})
            AuditEntry.record(actor=request.user, action=f"aid.setup.{which}", target=saved, community=community)
            messages.success(request, _("Saved."))
            return redirect("aid:setup", community_slug)
    if request.method == "POST" and is_number(request.POST.get("delete_responder", "")):
        Responder.objects.filter(community=community, pk=request.POST["delete_responder"]).delete()
        AuditEntry.record(actor=request.user, action="aid.setup.responder_removed", community=community)
        return redirect("aid:setup", community_slug)
    return render(request, "mutualaid/setup.html", {
        "community": community, "membership": mine, "forms": forms,
        "zones": Zone.objects.filter(community=community).prefetch_related("neighbours"),
        "responders": Responder.objects.filter(community=community),
    }, status=400 if any(f.errors for f in forms.values()) else 200)
