from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from solidarity.communities.access import access_membership_for_user, membership_of, public_community
from solidarity.core import charts
from solidarity.core import paper as double_entry
from solidarity.core.money import cents_text
from solidarity.core.workflow import NotAllowed
from solidarity.privacy import throttle
from solidarity.privacy.codes import is_number

from . import actions, reasons, tally
from . import paper as paper_ballots
from .access import (access_batch_for_user, access_idea_for_user, access_process_for_user, access_project_for_user,
                     public_process)
from .forms import (BallotForm, BatchForm, BudgetForm, CheckInForm, CodeForm, CodesForm, IdeaForm, PaperEntryForm,
                    ProcessForm, ProgressForm, ProjectForm, ReceiptForm, SiteForm)
from .models import PHASES, Budget, Eligibility, Idea, Phase, Process, Project, Result

CODE_SESSION = "pb_voting_code"


def processes(request, community_slug):
    community = public_community(community_slug)
    return render(request, "budgeting/processes.html", {
        "community": community, "membership": membership_of(request.user, community),
        "processes": Process.objects.filter(community=community),
    })


def process_home(request, community_slug, process_slug):
    process = public_process(community_slug, process_slug)
    membership = membership_of(request.user, process.community)
    ideas = process.ideas.exclude(status=Idea.Status.MERGED)[:100]
    return render(request, "budgeting/process.html", {
        "community": process.community, "membership": membership, "process": process,
        "phases": [(value, label, PHASES.reached(process.phase, value))
                   for value, label in Phase.choices],
        "budgets": process.budgets.prefetch_related("projects__updates", "projects__ideas"),
        "ideas": ideas, "idea_form": IdeaForm() if process.takes_ideas() else None,
    })


@never_cache
@throttle.limited("ideas", methods=("POST",))
def submit_idea(request, community_slug, process_slug):
    process = public_process(community_slug, process_slug)
    membership = membership_of(request.user, process.community)
    if membership is None and not process.public_ideas:
        raise Http404
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_submit_idea(process, form=form, author=request.user if membership else None)
        except NotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Thank you. Your idea is in."))
        return redirect("pb:process", community_slug, process_slug)
    return render(request, "budgeting/idea_form.html", {"community": process.community, "membership": membership,
                                                        "process": process, "form": form},
                  status=400 if form.errors else 200)


# --- Voting ------------------------------------------------------------------------------------


def _voter(request, process):
    """(member or None, voting code or None) allowed to vote here, or (None, None)."""
    membership = membership_of(request.user, process.community)
    if membership and process.eligibility in (Eligibility.MEMBERS, Eligibility.BOTH):
        return request.user, None
    code_id = request.session.get(CODE_SESSION, {}).get(str(process.pk))
    if code_id and process.eligibility in (Eligibility.CODES, Eligibility.BOTH):
        code = process.codes.filter(pk=code_id).first()
        if code:
            return None, code
    return None, None


@never_cache
@throttle.limited("lookups", methods=("POST",))
def vote_with_code(request, community_slug, process_slug):
    process = public_process(community_slug, process_slug)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = actions.find_code(process, form.cleaned_data["code"])
        if code is None:
            form.add_error("code", _("That code is not valid for this vote. Check it and try again."))
        elif actions.has_voted(process, code=code):
            form.add_error("code", _("This code has been used already."))
        else:
            request.session.cycle_key()
            request.session[CODE_SESSION] = {**request.session.get(CODE_SESSION, {}), str(process.pk): code.pk}
            return redirect("pb:vote", community_slug, process_slug)
    return render(request, "budgeting/vote_code.html", {"community": process.community, "process": process,
                                                        "form": form}, status=400 if form.errors else 200)


@never_cache
def vote(request, community_slug, process_slug):
    process = public_process(community_slug, process_slug)
    voter, code = _voter(request, process)
    context = {"community": process.community, "process": process,
               "membership": membership_of(request.user, process.community)}
    if not process.is_voting():
        return render(request, "budgeting/vote_closed.html", context)
    if voter is None and code is None:
        if not request.user.is_authenticated and process.eligibility == Eligibility.MEMBERS:
            return redirect(f"/accounts/login/?next={request.path}")
        return redirect("pb:vote_code", community_slug, process_slug)
    # A ballot POST skips this query: the roll's unique constraint refuses a second ballot anyway.
    if request.method != "POST" and actions.has_voted(process, voter=voter, code=code):
        return render(request, "budgeting/vote_done.html", {**context, "already": True})
    budgets = list(process.budgets.all())
    budget = next((b for b in budgets if str(b.pk) == request.GET.get("budget", request.POST.get("budget"))), None)
    if budget is None and len(budgets) == 1:
        budget = budgets[0]
    if budget is None:
        return render(request, "budgeting/vote_budget.html", {**context, "budgets": budgets})
    form = BallotForm(process, budget, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = actions.do_cast_ballot(process, budget, chosen=form.cleaned_data["chosen"], voter=voter,
                                             code=code)
        except actions.AlreadyVoted:
            return render(request, "budgeting/vote_done.html", {**context, "already": True})
        except NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            return render(request, "budgeting/vote_done.html", {**context, "receipt": receipt})
    return render(request, "budgeting/vote.html", {**context, "budget": budget, "form": form},
                  status=400 if form.errors else 200)


@throttle.limited("lookups")
def receipt(request, community_slug, process_slug):
    process = public_process(community_slug, process_slug)
    form = ReceiptForm(request.GET or None)
    found = None
    if form.is_valid():
        found = actions.ballot_for_receipt(process, form.cleaned_data["receipt"]) is not None
    return render(request, "budgeting/receipt.html", {"community": process.community, "process": process,
                                                      "form": form, "found": found})


# --- Results -----------------------------------------------------------------------------------


def results(request, community_slug, process_slug):
    process = public_process(community_slug, process_slug)
    membership = membership_of(request.user, process.community)
    if not process.shows_results() and not (membership and membership.is_organizer()):
        raise Http404
    sections = []
    for result in Result.objects.filter(process=process).select_related("budget"):
        projects = {p.code: p for p in result.budget.projects.all()}
        support = result.support
        winners = [projects[c] for c in result.winners if c in projects]
        rows = [(p, support.get(p.code, 0), p.code in result.winners, p.code in result.greedy_winners,
                 reasons.sentence(result.reasons.get(p.code)))
                for p in sorted(projects.values(), key=lambda p: p.code)]
        sections.append({"result": result, "winners": winners, "rows": rows, "chart": _votes_chart(rows),
                         "greedy": [projects[c] for c in result.greedy_winners if c in projects],
                         "spent": sum(p.cost_cents for p in winners)})
    return render(request, "budgeting/results.html", {"community": process.community, "membership": membership,
                                                      "process": process, "sections": sections})


def _votes_chart(rows) -> charts.Chart:
    """Votes per project, funded ones dark, the cost beside each bar; the results table holds the numbers."""
    return charts.bars(_("Votes for each project; funded projects are dark"),
                       [(project.code, votes) for project, votes, *_rest in rows],
                       marked={project.code for project, _votes, funded, *_rest in rows if funded},
                       notes={project.code: cents_text(project.cost_cents) for project, *_rest in rows},
                       value_label=_("Votes"))


def project_image(request, community_slug, process_slug, project_id):
    process = public_process(community_slug, process_slug)
    project = Project.objects.filter(process=process, pk=project_id).exclude(image=None).first()
    if project is None:
        raise Http404
    response = HttpResponse(bytes(project.image), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"  # a public project's photo, re-encoded on upload
    # Opened on its own, it is sandboxed and can run nothing (it is always a re-encoded JPEG, sent with
    # nosniff). Not an attachment: downloads are never cached (privacy.middleware), and phones on slow
    # connections should not fetch the same public photo on every page.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


def export(request, community_slug, process_slug, budget_id):
    """The anonymized Pabulib file of a budget's ballots, for anyone to recount."""
    process = public_process(community_slug, process_slug)
    if not process.shows_results():
        raise Http404
    budget = Budget.objects.filter(process=process, pk=budget_id).first()
    if budget is None:
        raise Http404
    response = HttpResponse(tally.export_text(budget), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-{budget.pk}.pb"'
    return response


# --- Organizers ----------------------------------------------------------------------------------


@login_required
def new_process(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    form = ProcessForm(request.POST or None, instance=Process(community=mine.community))
    if request.method == "POST" and form.is_valid():
        process = actions.do_save_process(request.user, form)
        messages.success(request, _("The process is created. Add a budget next."))
        return redirect("pb:manage", community_slug, process.slug)
    return render(request, "budgeting/process_form.html", {"community": mine.community, "membership": mine,
                                                           "form": form}, status=400 if form.errors else 200)


@login_required
@never_cache
def manage(request, community_slug, process_slug):
    mine, process = access_process_for_user(request.user, community_slug, process_slug, organizer=True)
    form = ProcessForm(instance=process, prefix="process")
    budget_form = BudgetForm(prefix="budget")
    which = request.POST.get("form")
    if request.method == "POST" and which == "process":
        form = ProcessForm(request.POST, instance=process, prefix="process")
        if form.is_valid():
            actions.do_save_process(request.user, form)
            messages.success(request, _("Saved."))
            return redirect("pb:manage", community_slug, process.slug)
    elif request.method == "POST" and which == "budget":
        budget_form = BudgetForm(request.POST, prefix="budget")
        if budget_form.is_valid():
            try:
                actions.do_add_budget(request.user, process, **budget_form.cleaned_data)
                messages.success(request, _("Budget added."))
            except NotAllowed as refusal:
                messages.error(request, str(refusal))
            return redirect("pb:manage", community_slug, process.slug)
    elif request.method == "POST" and which in ("phase", "count", "publish"):
        try:
            if which == "phase":
                actions.do_set_phase(request.user, process, request.POST.get("phase", ""))
            elif which == "count":
                actions.do_close_and_count(request.user, process)
                messages.success(request, _("The votes are counted. Check the results, then publish them."))
                return redirect("pb:results", community_slug, process.slug)
            else:
                actions.do_publish_results(request.user, process)
                messages.success(request, _("The results are public."))
                return redirect("pb:results", community_slug, process.slug)
        except NotAllowed as refusal:
            messages.error(request, str(refusal))
        return redirect("pb:manage", community_slug, process.slug)
    return render(request, "budgeting/manage.html", {
        "community": mine.community, "membership": mine, "process": process, "form": form,
        "budget_form": budget_form, "budgets": process.budgets.all(), "phases": Phase.choices,
        "projects": process.projects.select_related("budget"), "ballots": process.ballots.count(),
        "ideas": process.ideas.filter(status=Idea.Status.NEW),
    }, status=400 if form.errors or budget_form.errors else 200)


@login_required
def project_edit(request, community_slug, process_slug, project_id=None):
    if project_id is None:
        mine, process = access_process_for_user(request.user, community_slug, process_slug, organizer=True)
        project = Project(community=process.community, process=process)
    else:
        mine, project = access_project_for_user(request.user, community_slug, process_slug, project_id)
        process = project.process
    form = ProjectForm(process, request.POST or None, request.FILES or None, instance=project,
                       initial={"ideas": request.GET.getlist("idea")})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_project(request.user, process, form)
        except NotAllowed as refusal:
            messages.error(request, str(refusal))
        return redirect("pb:manage", community_slug, process_slug)
    return render(request, "budgeting/project_form.html", {"community": mine.community, "membership": mine,
                                                           "process": process, "form": form, "project": project},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def idea_action(request, community_slug, process_slug, idea_id):
    mine, idea = access_idea_for_user(request.user, community_slug, process_slug, idea_id)
    try:
        if request.POST.get("action") == "decline":
            actions.do_decline_idea(request.user, idea)
        elif request.POST.get("action") == "merge":
            into_id = request.POST.get("into", "")
            into = Idea.objects.filter(process=idea.process, pk=into_id).first() if is_number(into_id) else None
            if into is None:
                raise NotAllowed(_("Choose the idea to merge into."))
            actions.do_merge_idea(request.user, idea, into)
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
    return redirect("pb:manage", community_slug, process_slug)


@login_required
@never_cache
def voting_codes(request, community_slug, process_slug):
    mine, process = access_process_for_user(request.user, community_slug, process_slug, organizer=True)
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = actions.do_generate_codes(request.user, process, form.cleaned_data["count"])
        return render(request, "budgeting/codes_sheet.html", {"community": mine.community, "membership": mine,
                                                              "process": process, "codes": codes})
    return render(request, "budgeting/codes.html", {"community": mine.community, "membership": mine,
                                                    "process": process, "form": form,
                                                    "issued": process.codes.count(), "used": process.roll.filter(
                                                        code__isnull=False).count()},
                  status=400 if form.errors else 200)


@login_required
@never_cache
def paper(request, community_slug, process_slug):
    mine, process = access_process_for_user(request.user, community_slug, process_slug, organizer=True)
    site_form, batch_form = SiteForm(prefix="site"), BatchForm(process, prefix="batch")
    check_in_form = CheckInForm(process, prefix="checkin")
    which = request.POST.get("form")
    try:
        if request.method == "POST" and which == "site":
            site_form = SiteForm(request.POST, prefix="site")
            if site_form.is_valid():
                paper_ballots.do_add_site(request.user, process, **site_form.cleaned_data)
                return redirect("pb:paper", community_slug, process_slug)
        elif request.method == "POST" and which == "batch":
            batch_form = BatchForm(process, request.POST, prefix="batch")
            if batch_form.is_valid():
                batch = paper_ballots.do_add_batch(request.user, process, **batch_form.cleaned_data)
                return redirect("pb:batch", community_slug, process_slug, batch.pk)
        elif request.method == "POST" and which == "checkin":
            check_in_form = CheckInForm(process, request.POST, prefix="checkin")
            if check_in_form.is_valid():
                paper_ballots.do_check_in_paper_voter(request.user, process, who=check_in_form.cleaned_data["who"],
                                                site=check_in_form.cleaned_data["site"])
                messages.success(request, _("Checked in. Give this person a paper ballot."))
                return redirect("pb:paper", community_slug, process_slug)
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
        return redirect("pb:paper", community_slug, process_slug)
    sites = [(site, paper_ballots.site_counts(site)) for site in process.sites.all()]
    return render(request, "budgeting/paper.html", {
        "community": mine.community, "membership": mine, "process": process, "sites": sites,
        "batches": process.batches.select_related("site").prefetch_related("entries"),
        "site_form": site_form, "batch_form": batch_form, "check_in_form": check_in_form,
    }, status=400 if site_form.errors or batch_form.errors or check_in_form.errors else 200)


@login_required
@never_cache
def batch(request, community_slug, process_slug, batch_id):
    mine, paper_batch = access_batch_for_user(request.user, community_slug, process_slug, batch_id)
    mine_entry = paper_batch.entries.filter(entered_by=request.user).first()
    form = PaperEntryForm(request.POST or None, initial={"text": mine_entry.text if mine_entry else ""})
    status = None
    if request.method == "POST" and request.POST.get("reconcile"):
        chosen = request.POST["reconcile"]
        entry = paper_batch.entries.filter(pk=chosen).first() if is_number(chosen) else None
        try:
            if entry is None:
                raise NotAllowed(_("Choose one of the two typings."))
            paper_ballots.do_reconcile(request.user, paper_batch, entry)
            messages.success(request, _("Reconciled. The batch is counted."))
        except NotAllowed as refusal:
            messages.error(request, str(refusal))
        return redirect("pb:batch", community_slug, process_slug, batch_id)
    if request.method == "POST" and form.is_valid():
        try:
            status = paper_ballots.do_enter_batch(request.user, paper_batch, form.cleaned_data["text"])
        except NotAllowed as refusal:
            form.add_error("text", str(refusal))
        else:
            return redirect("pb:batch", community_slug, process_slug, batch_id)
    entries = list(paper_batch.entries.select_related("entered_by"))
    mismatch = (len(entries) >= 2 and not paper_batch.accepted)
    return render(request, "budgeting/batch.html", {
        "community": mine.community, "membership": mine, "process": paper_batch.process, "batch": paper_batch,
        "form": form, "entries": entries, "mismatch": mismatch, "status": status,
        "diff": double_entry.differences(entries) if mismatch else [],
    }, status=400 if form.errors else 200)


@login_required
def project_progress(request, community_slug, process_slug, project_id):
    mine, project = access_project_for_user(request.user, community_slug, process_slug, project_id)
    form = ProgressForm(request.POST or None, initial={"progress": project.progress})
    if request.method == "POST" and form.is_valid():
        actions.do_report_progress(request.user, project, **form.cleaned_data)
        messages.success(request, _("Update posted."))
        return redirect("pb:process", community_slug, process_slug)
    return render(request, "budgeting/progress_form.html", {"community": mine.community, "membership": mine,
                                                            "process": project.process, "project": project,
                                                            "form": form}, status=400 if form.errors else 200)
