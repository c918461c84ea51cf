from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from solidarity.accounts import confirm
from solidarity.communities.access import access_membership_for_user, public_community
from solidarity.core.export import csv_response
from solidarity.core.money import cents_text
from solidarity.core.workflow import NotAllowed

from . import fund, public
from .access import access_payment_for_user
from .forms import DonationForm, PaymentRequestForm
from .models import AidSettings, Payment


def fund_public(request, community_slug):
    community = public_community(community_slug)
    return render(request, "mutualaid/fund_public.html", {
        "community": community, "totals": public.fund_totals(community),
        "aid": AidSettings.for_community(community),
    })


@login_required
def ledger(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug)
    community = mine.community
    donation_form = DonationForm(prefix="donation")
    request_form = PaymentRequestForm(prefix="payment")
    if request.method == "POST":
        if request.POST.get("form") == "donation" and mine.is_organizer():
            donation_form = DonationForm(request.POST, prefix="donation")
            if donation_form.is_valid():
                fund.do_record_donation(request.user, community, **donation_form.cleaned_data)
                messages.success(request, _("The donation is recorded."))
                return redirect("aid:ledger", community_slug)
        elif request.POST.get("form") == "payment":
            request_form = PaymentRequestForm(request.POST, prefix="payment")
            if request_form.is_valid():
                fund.do_request_payment(request.user, community, **request_form.cleaned_data)
                messages.success(request, _("The payment is requested. Organizers will review it."))
                return redirect("aid:ledger", community_slug)
    payments = Payment.objects.filter(community=community).prefetch_related("approvals")
    if not mine.is_organizer():
        payments = payments.filter(requested_by=request.user)
    payments = list(payments[:200])
    aid = AidSettings.for_community(community)
    return render(request, "mutualaid/ledger.html", {
        "community": community, "membership": mine, "payments": payments,
        "donation_form": donation_form, "request_form": request_form,
        "balance": fund.balance_cents(community), "aid": aid,
        "needed": {p.pk: fund.approvals_needed(p, aid) for p in payments} if mine.is_organizer() else {},
    }, status=400 if donation_form.errors or request_form.errors else 200)


@require_POST
@login_required
def payment_action(request, community_slug, payment_id):
    mine, payment = access_payment_for_user(request.user, community_slug, payment_id)
    action = request.POST.get("action")
    steps = {"approve": fund.do_approve, "reject": fund.do_reject, "pay": fund.do_pay}
    if action not in steps:
        messages.error(request, _("Unknown action."))
    else:
        try:
            steps[action](request.user, payment)
            messages.success(request, _("Done."))
        except NotAllowed as refusal:
            messages.error(request, str(refusal))
    return redirect("aid:ledger", community_slug)


@login_required
@confirm.password_first
def ledger_csv(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    rows = ((p.pk, p.created_on, p.kind, p.state, cents_text(p.amount_cents).replace(",", ""), p.category, p.name,
             p.paid_on or "", len(p.approvals.all()))
            for p in Payment.objects.filter(community=mine.community).prefetch_related("approvals").order_by("id"))
    return csv_response(f"{mine.community.slug}-fund.csv",
                        ["id", "created_on", "kind", "state", "amount", "category", "name", "paid_on", "approvals"],
                        rows)
