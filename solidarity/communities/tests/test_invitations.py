import re
from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from solidarity.communities.actions import do_issue_reset_link
from solidarity.communities.models import Invitation, Membership, Role
from solidarity.privacy.models import AuditEntry
from solidarity.testing import PASSWORD, CommunityTestCase

NEW_ACCOUNT = {"handle": "nadia", "new_password": "a good new password", "new_password_again": "a good new password",
               "language": "es"}


class CreateInvitationTests(CommunityTestCase):
    url = reverse("communities:invitations", args=["riverside"])

    def test_an_organizer_creates_a_link_shown_once_and_stored_hashed(self):
        self.login(self.organizer)
        r = self.client.post(self.url, {"role": "member", "max_uses": 3, "days": 2, "label": "tenants"})
        code = re.search(r"/join/([\w-]+)/", r.content.decode()).group(1)
        invitation = Invitation.objects.get()
        self.assertEqual((invitation.max_uses, invitation.label, invitation.role), (3, "tenants", "member"))
        self.assertNotEqual(invitation.code_hash, code)
        self.assertNotIn(code, self.client.get(self.url).content.decode())
        self.assertEqual(AuditEntry.objects.get().action, "invitation.create")

    def test_an_organizer_cannot_invite_admins(self):
        self.login(self.organizer)
        r = self.client.post(self.url, {"role": "admin", "max_uses": 1, "days": 2})
        self.assertContains(r, "Only admins can invite admins.", status_code=400)
        self.assertFalse(Invitation.objects.exists())

    def test_it_explains_bad_numbers(self):
        self.login(self.organizer)
        r = self.client.post(self.url, {"role": "member", "max_uses": 0, "days": "soon"})
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "Ensure this value is greater than or equal to 1.", status_code=400)
        self.assertContains(r, "Enter a whole number.", status_code=400)

    def test_revoking_stops_the_code(self):
        self.login(self.organizer)
        invitation, code = Invitation.issue(community=self.community, created_by=self.organizer)
        self.client.post(reverse("communities:revoke_invitation", args=["riverside", invitation.public_id]))
        self.assertEqual(self.client_class().get(f"/join/{code}/").status_code, 410)


class JoinTests(CommunityTestCase):
    def setUp(self):
        self.invitation, self.code = Invitation.issue(community=self.community, created_by=self.organizer,
                                                      max_uses=2, days=3)
        self.url = reverse("communities:join_link", args=[self.code])

    def test_a_newcomer_joins_with_no_email(self):
        r = self.client.post(self.url, NEW_ACCOUNT)
        self.assertRedirects(r, "/c/riverside/")
        user = get_user_model().objects.get(handle="nadia")
        self.assertEqual((user.email, user.language), ("", "es"))
        self.assertTrue(Membership.objects.filter(user=user, community=self.community, role=Role.MEMBER).exists())
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.uses, 1)

    def test_a_code_typed_by_hand_leads_to_the_same_page(self):
        r = self.client.get(reverse("communities:join"), {"code": f"  {self.code} "})
        self.assertRedirects(r, self.url)

    def test_a_logged_in_person_joins_with_one_click(self):
        self.login(self.outsider)
        r = self.client.post(self.url)
        self.assertRedirects(r, "/c/riverside/", fetch_redirect_response=False)
        self.assertTrue(Membership.objects.filter(user=self.outsider, community=self.community).exists())

    def test_a_taken_handle_is_explained(self):
        r = self.client.post(self.url, {**NEW_ACCOUNT, "handle": "MATEO"})
        self.assertContains(r, "That name is taken", status_code=400)
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.uses, 0)

    def test_a_used_up_invitation_is_refused(self):
        self.invitation.uses = 2
        self.invitation.save()
        self.assertContains(self.client.get(self.url), "not valid", status_code=410)
        r = self.client.post(self.url, NEW_ACCOUNT)
        self.assertEqual(r.status_code, 410)
        self.assertFalse(get_user_model().objects.filter(handle="nadia").exists())

    def test_an_expired_invitation_is_refused_on_every_path(self):
        with time_machine.travel(timezone.now() + timedelta(days=4)):
            self.assertEqual(self.client.get(self.url).status_code, 410)
            self.assertEqual(self.client.post(self.url, NEW_ACCOUNT).status_code, 410)
            self.login(self.outsider)
            self.assertEqual(self.client.post(self.url).status_code, 410)
        self.assertFalse(Membership.objects.filter(user=self.outsider, community=self.community).exists())

    def test_a_join_code_is_not_a_password_reset_code(self):
        self.assertEqual(self.client.get(reverse("accounts:reset_password", args=[self.code])).status_code, 410)


class ResetLinkTests(CommunityTestCase):
    def setUp(self):
        self.code = do_issue_reset_link(self.organizer_membership, self.member_membership)
        self.url = reverse("accounts:reset_password", args=[self.code])
        self.form = {"new_password": "brand new password", "new_password_again": "brand new password"}

    def test_an_organizer_makes_a_one_use_link_from_the_member_list(self):
        self.login(self.organizer)
        r = self.client.post(reverse("communities:member_action", args=["riverside", self.member_membership.public_id]),
                             {"action": "reset"})
        self.assertContains(r, "/accounts/reset/")
        self.assertEqual(AuditEntry.objects.filter(action="password.reset_link").count(), 2)

    def test_the_member_sets_a_new_password(self):
        r = self.client.post(self.url, self.form)
        self.assertRedirects(r, reverse("accounts:login"))
        self.member.refresh_from_db()
        self.assertTrue(self.member.check_password("brand new password"))

    def test_a_used_reset_link_is_refused(self):
        self.client.post(self.url, self.form)
        self.assertEqual(self.client.get(self.url).status_code, 410)
        r = self.client.post(self.url, {"new_password": "third password here", "new_password_again": "third password here"})
        self.assertEqual(r.status_code, 410)
        self.member.refresh_from_db()
        self.assertTrue(self.member.check_password("brand new password"))

    def test_an_expired_reset_link_is_refused(self):
        with time_machine.travel(timezone.now() + timedelta(days=2)):
            self.assertEqual(self.client.post(self.url, self.form).status_code, 410)
        self.member.refresh_from_db()
        self.assertTrue(self.member.check_password(PASSWORD))

    def test_a_new_link_revokes_the_old_one(self):
        do_issue_reset_link(self.organizer_membership, self.member_membership)
        self.assertEqual(self.client.get(self.url).status_code, 410)


class CrossCommunityResetTests(CommunityTestCase):
    def test_a_reset_link_is_refused_for_someone_who_belongs_elsewhere_too(self):
        Membership.objects.create(community=self.other_community, user=self.member)
        self.login(self.organizer)
        r = self.client.post(reverse("communities:member_action", args=["riverside", self.member_membership.public_id]),
                             {"action": "reset"}, follow=True)
        self.assertContains(r, "also belongs to another community")
        self.assertFalse(Invitation.objects.filter(purpose="reset").exists())
