import io
import json

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import ForeignKey, OneToOneField

from solidarity.communities.actions import do_create_invitation, do_issue_reset_link
from solidarity.testing import CommunityTestCase

PINNED_KEYS = {
    "account": {"handle", "email", "phone", "language", "date_joined", "last_login", "is_active", "is_demo"},
    "memberships": None,
    "invitations_created": None,
    "password_reset_links": None,
    "audit_entries": None,
    "two_factor": {"authenticator_apps", "recovery_codes_left"},
    "active_sessions": None,
    "mutual_aid": {"offers", "matches_as_helper", "requests_entered_for_others", "fund_payments_requested",
                   "fund_approvals"},
    "budgeting": {"ideas", "voted_in", "paper_batches_typed"},
}

# Models that point at a user, and the section of the disclosure that reports them.
SECTION_FOR_MODEL = {
    "communities.Membership": "memberships",
    "communities.Invitation": "invitations_created",  # and password_reset_links
    "privacy.AuditEntry": "audit_entries",
    "otp_totp.TOTPDevice": "two_factor",
    "otp_static.StaticDevice": "two_factor",
    "mutualaid.Offer": "mutual_aid",
    "mutualaid.HelpRequest": "mutual_aid",
    "mutualaid.Payment": "mutual_aid",
    "mutualaid.Approval": "mutual_aid",
    "budgeting.Idea": "budgeting",
    "budgeting.RollEntry": "budgeting",
    "budgeting.PaperEntry": "budgeting",
}


class SubpoenaViewTests(CommunityTestCase):
    def run_command(self, handle):
        out = io.StringIO()
        call_command("subpoena_view", handle, stdout=out)
        return json.loads(out.getvalue())

    def test_its_keys_are_pinned(self):
        data = self.run_command("olga")
        self.assertEqual(set(data), set(PINNED_KEYS))
        for key, inner in PINNED_KEYS.items():
            if inner is not None:
                self.assertEqual(set(data[key]), inner, key)

    def test_it_shows_what_an_organizer_did(self):
        do_create_invitation(self.organizer_membership, role="member", max_uses=1, days=1, label="block party")
        do_issue_reset_link(self.organizer_membership, self.member_membership)
        self.organizer.email = "olga@example.org"
        self.organizer.save()
        data = self.run_command("OLGA")
        self.assertEqual(data["account"]["email"], "olga@example.org")
        self.assertEqual([i["label"] for i in data["invitations_created"]], ["", "block party"])
        self.assertEqual([a["action"] for a in data["audit_entries"]], ["password.reset_link", "invitation.create"])
        self.assertEqual(self.run_command("mateo")["password_reset_links"][0]["used"], False)

    def test_it_covers_every_model_that_points_at_a_user(self):
        user_model = apps.get_model(settings.AUTH_USER_MODEL)
        pointing = {
            model._meta.label
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, (ForeignKey, OneToOneField)) and field.related_model is user_model
        }
        self.assertLessEqual(pointing, set(SECTION_FOR_MODEL), "add the new model to everything_about()")

    def test_an_unknown_handle_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "No account is called 'nobody'."):
            call_command("subpoena_view", "nobody")
