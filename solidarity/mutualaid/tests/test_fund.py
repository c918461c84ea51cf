import csv
import io
from decimal import Decimal

from solidarity.communities.models import Membership, Role
from solidarity.mutualaid import fund
from solidarity.mutualaid.models import Entry, Payment
from solidarity.testing import LONG_AGO, make_user

from .base import BASE, AidTestCase


class FundTests(AidTestCase):
    def setUp(self):
        self.second = make_user("sam")
        Membership.objects.create(community=self.community, user=self.second, role=Role.ORGANIZER,
                                  role_since=LONG_AGO)
        self.login(self.organizer)

    def donate(self, amount="150.00", name=""):
        return self.client.post(BASE + "fund/ledger/", {"form": "donation", "donation-amount": amount,
                                                        "donation-category": "food", "donation-name": name})

    def test_a_donation_posts_two_entries_that_balance(self):
        self.donate("150.25")
        payment = Payment.objects.get()
        entries = {e.account: e.amount_cents for e in Entry.objects.filter(payment=payment)}
        self.assertEqual(entries, {"cash": 15025, "donations": -15025})
        self.assertEqual(fund.balance_cents(self.community), 15025)

    def test_an_anonymous_donation_is_allowed_and_totals_show_no_names(self):
        self.donate("20", name="")
        self.donate("30", name="Jo Secret")
        page = self.client_class().get(BASE + "fund/")
        self.assertContains(page, "50.00")
        self.assertNotContains(page, "Jo Secret")

    def test_a_large_payment_needs_two_organizers_and_not_the_requester(self):
        self.donate("500")
        payment = fund.do_request_payment(self.organizer, self.community, kind="disbursement",
                                             amount=Decimal("200"), category="income")
        with self.assertRaises(fund.NotAllowed):
            fund.do_approve(self.organizer, payment)
        fund.do_approve(self.second, payment)
        payment.refresh_from_db()
        self.assertEqual(payment.state, "requested")
        third = make_user("tia")
        Membership.objects.create(community=self.community, user=third, role=Role.ORGANIZER, role_since=LONG_AGO)
        with self.assertRaises(fund.NotAllowed):
            fund.do_approve(self.second, payment)  # the same person twice does not count
        fund.do_approve(third, payment)
        payment.refresh_from_db()
        self.assertEqual(payment.state, "approved")
        fund.do_pay(third, payment)
        self.assertEqual(fund.balance_cents(self.community), 30000)

    def test_a_small_payment_needs_one_approval(self):
        self.donate("50")
        payment = fund.do_request_payment(self.member, self.community, kind="reimbursement",
                                             amount=Decimal("12.50"), category="food")
        r = self.client.post(BASE + f"fund/payments/{payment.public_id}/", {"action": "approve"})
        self.assertRedirects(r, BASE + "fund/ledger/")
        self.client.post(BASE + f"fund/payments/{payment.public_id}/", {"action": "pay"})
        payment.refresh_from_db()
        self.assertEqual(payment.state, "paid")
        self.assertEqual(sum(Entry.objects.filter(payment=payment).values_list("amount_cents", flat=True)), 0)

    def test_the_fund_cannot_pay_more_than_it_holds(self):
        payment = fund.do_request_payment(self.member, self.community, kind="disbursement",
                                             amount=Decimal("10"), category="income")
        fund.do_approve(self.organizer, payment)
        with self.assertRaisesMessage(fund.NotAllowed, "does not hold enough"):
            fund.do_pay(self.organizer, payment)

    def test_a_rejected_payment_cannot_be_paid(self):
        payment = fund.do_request_payment(self.member, self.community, kind="disbursement",
                                             amount=Decimal("10"), category="income")
        self.client.post(BASE + f"fund/payments/{payment.public_id}/", {"action": "reject"})
        payment.refresh_from_db()
        self.assertEqual(payment.state, "rejected")
        with self.assertRaises(fund.NotAllowed):
            fund.do_pay(self.organizer, payment)

    def test_members_ask_for_reimbursements_but_cannot_record_donations(self):
        self.client.force_login(self.member)
        self.client.post(BASE + "fund/ledger/", {"form": "payment", "payment-kind": "reimbursement",
                                                 "payment-amount": "9.99", "payment-category": "food"})
        self.donate("1000")
        self.assertEqual(list(Payment.objects.values_list("kind", "amount_cents")), [("reimbursement", 999)])
        self.assertEqual(self.client.post(BASE + f"fund/payments/{Payment.objects.get().public_id}/",
                                          {"action": "approve"}).status_code, 403)

    def test_bad_amounts_are_explained(self):
        r = self.donate("-5")
        self.assertContains(r, "Ensure this value is greater than or equal to 0.01.", status_code=400)
        r = self.donate("lots")
        self.assertContains(r, "Enter a number.", status_code=400)

    def test_the_csv_export_neutralises_formulas(self):
        self.donate("10", name="=HYPERLINK(\"http://evil\")")
        self.donate("10", name="+cmd|' /C calc'!A0")
        rows = list(csv.reader(io.StringIO(self.client.get(BASE + "fund/ledger.csv").content.decode())))
        names = [row[6] for row in rows[1:]]
        self.assertEqual(names, ["'=HYPERLINK(\"http://evil\")", "'+cmd|' /C calc'!A0"])
        self.assertEqual(rows[1][4], "10.00")

    def test_only_organizers_export(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(BASE + "fund/ledger.csv").status_code, 403)


class TwoPersonRuleTests(AidTestCase):
    """Before, one organizer invited a second organizer account of their own and with it approved and
    paid a $150 payment above the two-approval threshold."""

    def test_a_new_organizer_cannot_be_the_second_approver_until_the_waiting_period_is_over(self):
        import datetime

        import time_machine
        from django.utils import timezone

        from solidarity.privacy.models import AuditEntry

        fund.do_record_donation(self.organizer, self.community, amount=Decimal("500"), category="other")
        sock = make_user("sock-puppet")
        Membership.objects.create(community=self.community, user=sock, role=Role.ORGANIZER)
        payment = fund.do_request_payment(self.member, self.community, kind="disbursement",
                                          amount=Decimal("150"), category="income")
        with self.assertRaisesMessage(fund.NotAllowed, "at least 7 days"):
            fund.do_approve(sock, payment)  # first: the established organizer's approval would pass it
        fund.do_approve(self.organizer, payment)
        with self.assertRaisesMessage(fund.NotAllowed, "at least 7 days"):
            fund.do_approve(sock, payment)  # second
        payment.refresh_from_db()
        self.assertEqual(payment.state, "requested")
        self.assertEqual(payment.approvals.count(), 1)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=7)):
            fund.do_approve(sock, payment)
            fund.do_pay(sock, payment)
        self.assertEqual(AuditEntry.objects.get(action="fund.pay").detail, "approved by olga, sock-puppet")

    def test_only_admins_make_organizers(self):
        from solidarity.communities.actions import do_change_role, do_create_invitation

        with self.assertRaisesMessage(fund.NotAllowed, "Only admins can invite organizers."):
            do_create_invitation(self.organizer_membership, role="organizer", max_uses=1, days=1)
        with self.assertRaisesMessage(fund.NotAllowed, "Only admins make organizers."):
            do_change_role(self.organizer_membership, self.member_membership, "organizer")
        self.organizer_membership.role = Role.ADMIN
        do_change_role(self.organizer_membership, self.member_membership, "organizer")
        self.member_membership.refresh_from_db()
        self.assertEqual(self.member_membership.role, Role.ORGANIZER)
        self.assertFalse(self.member_membership.may_take_part_in_two_person_rules())  # the clock starts today

    def test_organizers_cannot_reset_another_organizers_password(self):
        from solidarity.communities.actions import do_issue_reset_link

        other = Membership.objects.create(community=self.community, user=make_user("oz"), role=Role.ORGANIZER)
        with self.assertRaisesMessage(fund.NotAllowed, "Only admins reset an organizer's"):
            do_issue_reset_link(self.organizer_membership, other)
        self.organizer_membership.role = Role.ADMIN
        self.assertTrue(do_issue_reset_link(self.organizer_membership, other))
