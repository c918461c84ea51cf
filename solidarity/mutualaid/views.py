from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from solidarity.communities.access import access_membership_for_user, membership_of, public_community
from solidarity.core import sheets
from solidarity.core.workflow import NotAllowed
from solidarity.privacy import throttle
from solidarity.privacy.codes import is_number

from . import actions, dispatch, imports, public
from .access import access_match_for_user, access_offer_for_user, access_request_by_code, access_request_for_user
from .forms import (CloseForm, CodeForm, FollowUpForm, MergeForm, NoteForm, OfferForm, ReferForm, RequestForm,
                    SafetyScreenForm, TriageForm)
from .models import AidSettings, Channel, ExchangeMode, HelpRequest, Match, MatchStatus, Offer, Responder, Status


def aid_home(request, community_slug):
    community = public_community(community_slug)
    return render(request, "mutualaid/home.html", {
        "community": community,
        "membership": membership_of(request.user, community),
        "aid": AidSettings.for_community(community),
        "numbers": public.request_numbers(community),
        "responders": Responder.objects.filter(community=community),
    })


@never_cache
@throttle.limited("requests", methods=("POST",))
def ask(request, community_slug):
    community = public_community(community_slug)
    aid = AidSettings.for_community(community)
    membership = membership_of(request.user, community)
    if not aid.public_intake and membership is None:
        raise Http404
    form = RequestForm(community, request.POST or None)
    if request.method == "POST" and form.is_valid():
        help_request, code = actions.do_submit_request(community, form=form, channel=Channel.WEB)
        return render(request, "mutualaid/asked.html", {"community": community, "code": code,
                                                        "help_request": help_request})
    return render(request, "mutualaid/ask.html", {
        "community": community, "membership": membership, "form": form,
        "responders": Responder.objects.filter(community=community),
    }, status=400 if form.errors else 200)


@login_required
@never_cache
def phone_intake(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug)
    form = RequestForm(mine.community, request.POST or None)
    if request.method == "POST" and form.is_valid():
        help_request, code = actions.do_submit_request(mine.community, form=form, channel=Channel.PHONE,
                                                       entered_by=request.user)
        return render(request, "mutualaid/asked.html", {"community": mine.community, "membership": mine,
                                                        "code": code, "help_request": help_request,
                                                        "by_phone": True})
    return render(request, "mutualaid/ask.html", {"community": mine.community, "membership": mine, "form": form,
                                                  "by_phone": True}, status=400 if form.errors else 200)


def status_lookup(request, community_slug):
    community = public_community(community_slug)
    form = CodeForm(request.GET or None)
    if form.is_valid():
        return redirect("aid:status", community_slug, form.cleaned_data["code"])
    return render(request, "mutualaid/status_lookup.html", {"community": community, "form": form},
                  status=400 if form.errors else 200)


@never_cache
@throttle.limited("lookups")
def status(request, community_slug, code):
    try:
        help_request = access_request_by_code(community_slug, code)
    except Http404:
        community = public_community(community_slug)
        form = CodeForm(initial={"code": code})
        form_error = _("No request has that code. Check it and try again.")
        return render(request, "mutualaid/status_lookup.html", {"community": community, "form": form,
                                                                "form_error": form_error}, status=404)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            try:
                actions.do_withdraw(help_request)
                messages.success(request, _("Your request is withdrawn."))
            except NotAllowed as refusal:
                messages.error(request, str(refusal))
            return redirect("aid:status", community_slug, code)
        if form.is_valid():
            actions.do_record_followup(help_request, outcome=form.cleaned_data["outcome"])
            messages.success(request, _("Thank you for telling us."))
            return redirect("aid:status", community_slug, code)
    return render(request, "mutualaid/status.html", {
        "community": help_request.community, "help_request": help_request, "form": form, "code": code,
    }, status=400 if form.errors else 200)


# --- Coordinators -----------------------------------------------------------------------------


@login_required
def queue(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    rows = HelpRequest.objects.filter(community=mine.community).queue().select_related("zone")
    wanted = request.GET.get("status")
    if wanted in Status.values:
        rows = rows.filter(status=wanted)
    return render(request, "mutualaid/queue.html", {
        "community": mine.community, "membership": mine, "rows": rows, "statuses": Status.choices[:4],
        "wanted": wanted, "aid": AidSettings.for_community(mine.community),
    })


@login_required
@never_cache
def request_detail(request, community_slug, public_id):
    mine, help_request = access_request_for_user(request.user, community_slug, public_id)
    live = help_request.matches.filter(status__in=(MatchStatus.PROPOSED, MatchStatus.ACTIVE)).first()
    actions.do_reveal_contact(request.user, help_request, match=live)
    return render(request, "mutualaid/request.html", {
        "community": mine.community, "membership": mine, "help_request": help_request, "live_match": live,
        "suggestions": dispatch.suggestions_for(help_request) if help_request.status in (
            Status.NEW, Status.TRIAGED) else [],
        "triage_form": TriageForm(mine.community, initial={
            "urgency": help_request.urgency, "category": help_request.category, "zone": help_request.zone}),
        "close_form": CloseForm(), "refer_form": ReferForm(), "merge_form": MergeForm(), "note_form": NoteForm(),
        "screen_form": SafetyScreenForm(),
    })


@require_POST
@login_required
def request_action(request, community_slug, public_id):
    mine, help_request = access_request_for_user(request.user, community_slug, public_id)
    action = request.POST.get("action")
    back = redirect("aid:request", community_slug, public_id)
    forms = {"triage": TriageForm(mine.community, request.POST), "close": CloseForm(request.POST),
             "refer": ReferForm(request.POST), "merge": MergeForm(request.POST), "call_back": NoteForm(request.POST),
             "screen": SafetyScreenForm(request.POST), "match": None}
    if action not in forms:
        messages.error(request, _("Unknown action."))
        return back
    form = forms[action]
    if form is not None and not form.is_valid():
        messages.error(request, _("Please check the form: %(errors)s")
                       % {"errors": " ".join(e for errs in form.errors.values() for e in errs)})
        return back
    try:
        if action == "triage":
            actions.do_triage(request.user, help_request, **form.cleaned_data)
            messages.success(request, _("Triaged."))
        elif action == "close":
            actions.do_close(request.user, help_request, form.cleaned_data["status"])
            messages.success(request, _("The request is closed."))
        elif action == "refer":
            actions.do_refer(request.user, help_request, group=form.cleaned_data["referred_to"])
            messages.success(request, _("The request is marked as referred."))
        elif action == "merge":
            into = HelpRequest.objects.filter(community=mine.community,
                                              public_id=form.cleaned_data["into"].strip().upper()).first()
            if into is None:
                messages.error(request, _("No request has that number."))
                return back
            actions.do_merge(request.user, help_request, into)
            messages.success(request, _("Merged as a duplicate."))
        elif action == "call_back":
            actions.do_mark_call_back(request.user, help_request, note=form.cleaned_data["note"])
            messages.success(request, _("Marked: no answer, call back."))
        elif action == "screen":
            responders = actions.do_safety_screen(request.user, help_request, crisis=form.is_crisis())
            if form.is_crisis():
                return render(request, "mutualaid/crisis.html", {
                    "community": mine.community, "membership": mine, "help_request": help_request,
                    "responders": responders})
            messages.success(request, _("Safety screen recorded: no crisis."))
        elif action == "match":
            offer_id = request.POST.get("offer", "")
            offer = Offer.objects.filter(community=mine.community, pk=offer_id).first() if is_number(offer_id) else None
            if offer is None:
                messages.error(request, _("Choose an offer to match."))
                return back
            actions.do_match(request.user, help_request, offer)
            messages.success(request, _("Matched with %(offer)s.") % {"offer": offer.title})
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
    return back


@login_required
@never_cache
def match_all(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    assignment, pairs = dispatch.plan_for_queue(mine.community)
    if request.method == "POST":
        made = 0
        for help_request, offer in pairs:
            try:
                actions.do_match(request.user, help_request, offer)
                made += 1
            except NotAllowed:
                continue
        messages.success(request, _("%(count)s matches made.") % {"count": made})
        return redirect("aid:queue", community_slug)
    greedy, _pairs = dispatch.plan_for_queue(mine.community, method="greedy")
    return render(request, "mutualaid/match_all.html", {
        "community": mine.community, "membership": mine, "assignment": assignment, "pairs": pairs,
        "greedy": greedy,
    })


# --- Helpers (offers, volunteers) ---------------------------------------------------------------


@login_required
def my_aid(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug)
    return render(request, "mutualaid/mine.html", {
        "community": mine.community, "membership": mine,
        "offers": Offer.objects.filter(community=mine.community, member=request.user),
        "matches": Match.objects.filter(community=mine.community, offer__member=request.user)
        .select_related("request", "offer").order_by("-created_on", "-id")[:50],
        "aid": AidSettings.for_community(mine.community),
    })


@login_required
def offer_edit(request, community_slug, offer_id=None):
    if offer_id is None:
        mine = access_membership_for_user(request.user, community_slug)
        offer = Offer(community=mine.community, member=request.user)
    else:
        mine, offer = access_offer_for_user(request.user, community_slug, offer_id)
    form = OfferForm(mine.community, request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        actions.do_save_offer(request.user, form)
        messages.success(request, _("Your offer is saved. Thank you."))
        return redirect("aid:mine", community_slug)
    return render(request, "mutualaid/offer_form.html", {"community": mine.community, "membership": mine,
                                                         "form": form, "offer": offer},
                  status=400 if form.errors else 200)


@login_required
def offers(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    rows = Offer.objects.filter(community=mine.community).select_related("zone", "member")
    return render(request, "mutualaid/offers.html", {"community": mine.community, "membership": mine,
                                                     "rows": rows})


@login_required
@never_cache
def match_detail(request, community_slug, match_id):
    mine, match = access_match_for_user(request.user, community_slug, match_id)
    show_contact = match.status == MatchStatus.ACTIVE and match.request.is_open()
    if show_contact:
        actions.do_reveal_contact(request.user, match.request, match=match)
    return render(request, "mutualaid/match.html", {"community": mine.community, "membership": mine,
                                                    "match": match, "show_contact": show_contact})


@require_POST
@login_required
def match_action(request, community_slug, match_id):
    mine, match = access_match_for_user(request.user, community_slug, match_id)
    action = request.POST.get("action")
    try:
        if action in ("accept", "decline"):
            actions.do_answer_proposal(request.user, match, accept=action == "accept")
        elif action in (Status.IN_PROGRESS, Status.FULFILLED):
            actions.do_report_progress(request.user, match, status=action)
        else:
            messages.error(request, _("Unknown action."))
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
    return redirect("aid:match", community_slug, match_id)


@login_required
def open_requests(request, community_slug):
    """Peer-to-peer mode: members see triaged requests (no contact details) and claim one."""
    mine = access_membership_for_user(request.user, community_slug)
    if AidSettings.for_community(mine.community).exchange_mode != ExchangeMode.PEER:
        raise Http404
    if request.method == "POST":
        help_request = HelpRequest.objects.filter(community=mine.community, status=Status.TRIAGED, crisis=False,
                                                  public_id=request.POST.get("request", "")).first()
        if help_request is None:
            messages.error(request, _("That request was taken or closed already."))
            return redirect("aid:open", community_slug)
        try:
            match = actions.do_claim(request.user, help_request)
        except NotAllowed as refusal:
            messages.error(request, str(refusal))
            return redirect("aid:open", community_slug)
        return redirect("aid:match", community_slug, match.public_id)
    rows = (HelpRequest.objects.filter(community=mine.community, status=Status.TRIAGED, crisis=False)
            .queue().select_related("zone"))
    return render(request, "mutualaid/open.html", {"community": mine.community, "membership": mine, "rows": rows})


@login_required
@never_cache
def import_sheet(request, community_slug):
    """Upload a sheet, map its columns, see every row's problems; import all rows or none.

    Without JavaScript the file travels back with the mapping form as a signed hidden field, so
    nothing personal is stored on the server before the import is confirmed.
    """
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    context = {"community": mine.community, "membership": mine, "kinds": imports.KINDS}
    kind = request.POST.get("kind", "")
    if request.method != "POST" or kind not in imports.TARGETS:
        return render(request, "mutualaid/import.html", context)
    try:
        if "file" in request.FILES:
            upload = request.FILES["file"]
            name, data = upload.name, upload.read()
        else:
            name, data = sheets.unpack(request.POST.get("payload", ""), salt=imports.SALT)
        sheet = sheets.read_sheet(name, data)
    except sheets.SheetError as problem:
        context["error"] = str(problem)
        return render(request, "mutualaid/import.html", context, status=400)
    context.update(kind=kind, sheet=sheet, payload=sheets.pack(name, data, salt=imports.SALT), file_name=name)
    if "file" in request.FILES:
        guess = sheets.guess_mapping(imports.TARGETS[kind], sheet.headers)
        context["columns"] = [(field, label, guess.get(field)) for field, label in imports.TARGETS[kind].items()]
        return render(request, "mutualaid/import_map.html", context)
    mapping = sheets.mapping_from(request.POST, imports.TARGETS[kind], len(sheet.headers))
    ready, problems = imports.validate(mine.community, kind, sheet, mapping)
    context["columns"] = [(field, label, mapping.get(field)) for field, label in imports.TARGETS[kind].items()]
    if problems:
        context["problems"] = problems
        return render(request, "mutualaid/import_map.html", context, status=400)
    count = imports.do_import(request.user, mine.community, kind, ready)
    messages.success(request, _("%(count)s rows imported.") % {"count": count})
    return redirect("aid:queue" if kind == "requests" else "aid:offers", community_slug)
