import io
from datetime import timedelta

import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from solidarity.communities.models import Community, Invitation
from solidarity.privacy.models import AuditEntry, ThrottleBucket
from solidarity.privacy.retention import policies, purge


@override_settings(AUDIT_RETENTION_DAYS=365, INVITATION_RETENTION_DAYS=30)
class PurgeTests(TestCase):
    def setUp(self):
        self.start = timezone.now()
        self.community = Community.objects.create(slug="c", name="C")

    def test_each_rule_waits_its_time_then_deletes(self):
        with time_machine.travel(self.start, tick=False):
            AuditEntry.record(actor=None, action="x", community=self.community)
            invitation, _ = Invitation.issue(community=self.community, created_by=None, days=7)
            ThrottleBucket.objects.create(key="k", failures=1, expires_at=self.start + timedelta(minutes=15))
        with time_machine.travel(self.start + timedelta(days=36), tick=False):
            purge()
            self.assertTrue(Invitation.objects.filter(pk=invitation.pk).exists())  # expired 29 days ago
            self.assertFalse(ThrottleBucket.objects.exists())
        with time_machine.travel(self.start + timedelta(days=38), tick=False):
            purge()
            self.assertFalse(Invitation.objects.exists())
            self.assertTrue(AuditEntry.objects.exists())
        with time_machine.travel(self.start + timedelta(days=367), tick=False):
            purge()
            self.assertFalse(AuditEntry.objects.exists())

    def test_expired_sessions_go_too(self):
        with time_machine.travel(self.start, tick=False):
            session = SessionStore()
            session["x"] = 1
            session.set_expiry(60)
            session.save()
        with time_machine.travel(self.start + timedelta(minutes=2), tick=False):
            report = purge()
        self.assertEqual(report["sessions: expired"], 1)

    def test_the_command_reports_what_it_did(self):
        out = io.StringIO()
        call_command("purge", stdout=out)
        self.assertIn("purge: 0 rows deleted or blanked", out.getvalue())

    def test_every_rule_names_a_real_date_field(self):
        for model, rule in policies():
            field = model._meta.get_field(rule.after)
            self.assertIn(field.get_internal_type(), ("DateField", "DateTimeField"), f"{model} {rule}")
            for name in rule.blank:
                model._meta.get_field(name)


class BlankingTests(TestCase):
    def test_a_rule_with_fields_blanks_them_and_keeps_the_row(self):
        from unittest import mock

        from solidarity.accounts.models import User
        from solidarity.privacy.retention import Retention
        from solidarity.testing import make_user

        start = timezone.now()
        with time_machine.travel(start, tick=False):
            user = make_user("fading", email="f@example.org", phone="123")
        rule = Retention(after="date_joined", days=10, blank=("email", "phone"))
        with mock.patch.object(User, "retention", (rule,), create=True):
            with time_machine.travel(start + timedelta(days=5), tick=False):
                purge()
                user.refresh_from_db()
                self.assertEqual(user.email, "f@example.org")
            with time_machine.travel(start + timedelta(days=11), tick=False):
                report = purge()
                self.assertEqual(report["accounts.User: date_joined"], 1)
                self.assertEqual(purge()["accounts.User: date_joined"], 0)  # already blank: not counted again
        user.refresh_from_db()
        self.assertEqual((user.handle, user.email, user.phone), ("fading", "", ""))
