import io
import json

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import ForeignKey, OneToOneField
from django.test import TestCase

from solidarity.communities.actions import do_create_invitation, do_issue_reset_link
from solidarity.core import capabilities
from solidarity.privacy import disclosure
from solidarity.testing import CommunityTestCase

CORE_KEYS = {"account", "memberships", "invitations_created", "password_reset_links", "audit_entries", "two_factor",
             "active_sessions", "notices_not_yet_shown"}


def declared_fields() -> dict[str, tuple[str, str]]:
    """{"app.Model.lookup": (section, list)} for every list a section declares, the core's included."""
    found = {label: ("", key) for key, label in disclosure.MODELS.items()}
    for capability in capabilities.all_capabilities():
        for key, label in capability.my_data_models.items():
            found.setdefault(label, (capability.my_data_key, key))
    return found


def user_fields() -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, (ForeignKey, OneToOneField)) and field.related_model is user_model
    }


class SubpoenaViewTests(CommunityTestCase):
    def run_command(self, handle):
        out = io.StringIO()
        call_command("subpoena_view", handle, stdout=out)
        return json.loads(out.getvalue())

    def test_it_has_the_core_sections_and_one_per_capability(self):
        data = self.run_command("olga")
        expected = CORE_KEYS | {c.my_data_key for c in capabilities.all_capabilities() if c.my_data}
        self.assertEqual(set(data), expected)
        for capability in capabilities.all_capabilities():
            self.assertEqual(set(data[capability.my_data_key]), set(capability.my_data_models), capability.slug)

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

    def test_every_field_that_points_at_a_user_is_reported(self):
        missing = user_fields() - set(declared_fields()) - set(disclosure.COUNTED)
        self.assertEqual(missing, set(), "report these in a section of everything_about()")

    def test_an_unknown_handle_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "No account is called 'nobody'."):
            call_command("subpoena_view", "nobody")


class WhatItReallyReturnsTests(TestCase):
    """On the demo community, every declared list holds exactly the rows that point at each person."""

    @classmethod
    def setUpTestData(cls):
        with settings_demo():
            call_command("demo", stdout=io.StringIO())
        # What the demo does not do: rows for the lists it leaves empty.
        from solidarity.budgeting.models import Idea, PaperBatch, PaperEntry, Process, RollEntry, Site
        from solidarity.communities.models import Membership
        from solidarity.mutualaid.models import HelpRequest

        member = Membership.objects.filter(role="member").select_related("community", "user").first()
        organizer = Membership.objects.filter(role="organizer", community=member.community).first()
        do_create_invitation(organizer, role="member", max_uses=1, days=1)
        do_issue_reset_link(organizer, member)
        process = Process.objects.filter(community=member.community).first()
        Idea.objects.create(community=process.community, process=process, title="Shade", submitted_by=member.user)
        RollEntry.objects.create(community=process.community, process=process, voter=member.user)
        site = Site.objects.create(community=process.community, process=process, name="Library")
        batch = PaperBatch.objects.create(community=process.community, process=process, site=site,
                                          budget=process.budgets.first(), label="box")
        PaperEntry.objects.create(community=process.community, batch=batch, entered_by=organizer.user, text="")
        request, _code = HelpRequest.start(member.community, category="food", description="x",
                                           entered_by=member.user)
        request.save()

    def test_every_list_counts_the_rows_that_point_at_the_person(self):
        checked = set()
        for user in get_user_model().objects.all():
            data = disclosure.everything_about(user)
            for label, (section, key) in declared_fields().items():
                app_model, _, field = label.rpartition(".")
                rows = apps.get_model(app_model)._base_manager.filter(**{field: user}).count()
                listed = (data[section] if section else data)[key]
                with self.subTest(user=user.handle, list=key):
                    self.assertEqual(len(listed), rows)
                if rows:
                    checked.add(label)
        # The demo touches every declared field for someone, so no list passes by being empty for all.
        self.assertEqual(checked, set(declared_fields()))


def settings_demo():
    from django.test import override_settings

    return override_settings(DEMO_MODE=True)
