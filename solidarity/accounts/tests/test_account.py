import json

from django.contrib.auth import get_user_model
from django.urls import reverse

from solidarity.communities.models import Invitation, Membership
from solidarity.communities.actions import do_create_invitation
from solidarity.privacy.disclosure import sessions_of
from solidarity.privacy.models import AuditEntry
from solidarity.testing import PASSWORD, CommunityTestCase


class ProfileTests(CommunityTestCase):
    def test_it_saves_optional_contact_details_and_language(self):
        self.client.force_login(self.member)
        r = self.client.post(reverse("accounts:profile"), {"email": "m@example.org", "phone": "555 0100",
                                                            "language": "es"})
        self.assertRedirects(r, reverse("accounts:profile"))
        self.member.refresh_from_db()
        self.assertEqual((self.member.email, self.member.phone, self.member.language),
                         ("m@example.org", "555 0100", "es"))
        self.assertEqual(r.cookies["django_language"].value, "es")

    def test_it_explains_a_bad_email(self):
        self.client.force_login(self.member)
        r = self.client.post(reverse("accounts:profile"), {"email": "not-an-email", "language": "en"})
        self.assertContains(r, "Enter a valid email address.", status_code=400)

    def test_it_needs_a_login(self):
        r = self.client.get(reverse("accounts:profile"))
        self.assertRedirects(r, "/accounts/login/?next=/accounts/profile/")


class ChangePasswordTests(CommunityTestCase):
    url = reverse("accounts:password")

    def test_it_changes_the_password_and_keeps_the_session(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url, {"current_password": PASSWORD, "new_password": "another fine password",
                                        "new_password_again": "another fine password"})
        self.assertRedirects(r, reverse("accounts:profile"))
        self.member.refresh_from_db()
        self.assertTrue(self.member.check_password("another fine password"))
        self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 200)

    def test_it_refuses_a_wrong_current_password(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url, {"current_password": "nope", "new_password": "another fine password",
                                        "new_password_again": "another fine password"})
        self.assertContains(r, "That is not your current password.", status_code=400)

    def test_it_refuses_mismatched_or_weak_passwords(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url, {"current_password": PASSWORD, "new_password": "another fine password",
                                        "new_password_again": "different"})
        self.assertContains(r, "The two passwords are not the same.", status_code=400)
        r = self.client.post(self.url, {"current_password": PASSWORD, "new_password": "short",
                                        "new_password_again": "short"})
        self.assertEqual(r.status_code, 400)
        self.member.refresh_from_db()
        self.assertTrue(self.member.check_password(PASSWORD))


class DeleteAccountTests(CommunityTestCase):
    url = reverse("accounts:delete")

    def test_it_hard_deletes_the_account_and_keeps_audit_entries_anonymous(self):
        self.login(self.organizer)
        do_create_invitation(self.organizer_membership, role="member", max_uses=1, days=1)
        AuditEntry.record(actor=None, action="membership.role", community=self.community,
                          detail="olga: member -> organizer")
        AuditEntry.record(actor=None, action="membership.role", community=self.community,
                          detail="olgaria: member -> organizer")  # another person, whose handle starts alike
        r = self.client.post(self.url, {"password": PASSWORD})
        self.assertRedirects(r, "/")
        self.assertFalse(get_user_model().objects.filter(handle="olga").exists())
        self.assertFalse(Membership.objects.filter(pk=self.organizer_membership.pk).exists())
        entry = AuditEntry.objects.get(action="invitation.create")
        self.assertIsNone(entry.actor)
        self.assertEqual(list(AuditEntry.objects.filter(detail__contains="olga").values_list("detail", flat=True)),
                         ["olgaria: member -> organizer"])
        self.assertIsNone(Invitation.objects.get().created_by)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_asks_for_the_password_first(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url, {"password": "wrong"})
        self.assertContains(r, "That is not your password.", status_code=400)
        self.assertTrue(get_user_model().objects.filter(pk=self.member.pk).exists())


class DownloadDataTests(CommunityTestCase):
    def test_it_gives_the_member_their_own_data_as_json(self):
        self.member.email = "mateo@example.org"
        self.member.save()
        self.client.force_login(self.member)
        r = self.client.get(reverse("accounts:download_data"))
        self.assertEqual(r["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("attachment", r["Content-Disposition"])
        data = json.loads(r.content)
        self.assertEqual(data["account"]["handle"], "mateo")
        self.assertEqual(data["account"]["email"], "mateo@example.org")
        self.assertEqual(data["memberships"], [{"community": "riverside", "role": "member",
                                                "joined_on": self.member_membership.joined_on.isoformat()}])


class SessionEndTests(CommunityTestCase):
    def two_devices(self):
        phone, laptop = self.client_class(), self.client_class()
        for device in (phone, laptop):
            device.post("/accounts/login/", {"handle": "mateo", "password": PASSWORD})
        self.assertEqual(laptop.get("/accounts/profile/").status_code, 200)
        return phone, laptop

    def test_signing_out_everywhere_ends_every_session(self):
        phone, laptop = self.two_devices()
        response = phone.post("/accounts/sign-out-everywhere/")
        self.assertRedirects(response, "/accounts/login/")
        self.assertEqual(laptop.get("/accounts/profile/").status_code, 302)
        self.assertEqual(phone.get("/accounts/profile/").status_code, 302)
        self.assertEqual(sessions_of(self.member).count(), 0)

    def test_a_new_password_ends_every_other_session(self):
        phone, laptop = self.two_devices()
        phone.post("/accounts/password/", {"current_password": PASSWORD, "new_password": "another long password",
                                           "new_password_again": "another long password"})
        # The laptop's session is gone from the database at once, not only refused at its next visit.
        self.assertEqual(sessions_of(self.member).count(), 1)
        self.assertEqual(phone.get("/accounts/profile/").status_code, 200)
        self.assertEqual(laptop.get("/accounts/profile/").status_code, 302)
