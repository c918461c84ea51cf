from django.urls import reverse

from solidarity.communities.models import Membership, Role
from solidarity.privacy.models import AuditEntry
from solidarity.testing import CommunityTestCase


class MemberListTests(CommunityTestCase):
    url = reverse("communities:members", args=["riverside"])

    def test_organizers_see_members_but_not_other_communities(self):
        self.login(self.organizer)
        r = self.client.get(self.url)
        self.assertContains(r, "mateo")
        self.assertNotContains(r, "otto")

    def test_changing_a_role_is_audited_with_the_day_only(self):
        self.login(self.organizer)
        action = reverse("communities:member_action", args=["riverside", self.member_membership.public_id])
        self.assertEqual(self.client.post(action, {"action": "role", "role": "organizer"}).status_code, 403)
        self.organizer_membership.role = Role.ADMIN  # only admins make organizers
        self.organizer_membership.save()
        self.client.post(action, {"action": "role", "role": "organizer"})
        self.member_membership.refresh_from_db()
        self.assertEqual(self.member_membership.role, Role.ORGANIZER)
        entry = AuditEntry.objects.get(action="membership.role")
        self.assertEqual((entry.actor, entry.community, entry.detail), (self.organizer, self.community,
                                                                          "mateo: member -> organizer"))
        self.assertFalse(any(f.get_internal_type() == "DateTimeField" for f in AuditEntry._meta.fields))

    def test_an_organizer_cannot_make_an_admin(self):
        self.login(self.organizer)
        action = reverse("communities:member_action", args=["riverside", self.member_membership.public_id])
        self.assertEqual(self.client.post(action, {"action": "role", "role": "admin"}).status_code, 403)

    def test_removing_a_member(self):
        self.login(self.organizer)
        action = reverse("communities:member_action", args=["riverside", self.member_membership.public_id])
        self.client.post(action, {"action": "remove"})
        self.assertFalse(Membership.objects.filter(pk=self.member_membership.pk).exists())

    def test_an_organizer_cannot_act_on_another_communitys_member(self):
        self.login(self.organizer)
        theirs = Membership.objects.get(user=self.outsider)
        action = reverse("communities:member_action", args=["riverside", theirs.public_id])
        self.assertEqual(self.client.post(action, {"action": "remove"}).status_code, 404)
        self.assertTrue(Membership.objects.filter(pk=theirs.pk).exists())


class NoticeTests(CommunityTestCase):
    """Admins are told when someone becomes an organizer; a member is told about a password link."""

    def sign_in(self, user):
        from solidarity.testing import PASSWORD

        self.client.logout()
        r = self.client.post(reverse("accounts:login"), {"handle": user.handle, "password": PASSWORD}, follow=True)
        return [str(m) for m in r.context["messages"]]

    def test_every_admin_is_told_at_sign_in_and_by_email_once(self):
        from django.core import mail

        from solidarity.communities.actions import do_change_role, do_create_invitation, do_join_with_new_account
        from solidarity.testing import make_user

        admin = make_user("ada", email="ada@example.org")
        admin_membership = Membership.objects.create(community=self.community, user=admin, role=Role.ADMIN)
        second_admin = make_user("abe")
        Membership.objects.create(community=self.community, user=second_admin, role=Role.ADMIN)
        with self.captureOnCommitCallbacks(execute=True):
            do_change_role(admin_membership, self.member_membership, Role.ORGANIZER)
            _invitation, code = do_create_invitation(admin_membership, role=Role.ORGANIZER, max_uses=1, days=1)
            do_join_with_new_account(code, handle="newbie", password="a long new password", language="es")
        self.assertEqual([m.to for m in mail.outbox], [["ada@example.org"], ["ada@example.org"]])
        self.assertNotIn("mateo", mail.outbox[0].body)  # the email says only that it happened
        self.assertEqual({m.subject for m in mail.outbox}, {"You have an update in Solidarity"})
        told = self.sign_in(second_admin)
        self.assertEqual(len(told), 2)
        self.assertIn("mateo became an organizer of Riverside Mutual Aid", told[0])
        self.assertIn("newbie became an organizer", told[1])
        self.assertEqual(self.sign_in(second_admin), [], "each notice is shown once")
        self.assertEqual(self.sign_in(self.organizer), [], "only admins are told")

    def test_a_member_is_told_about_a_password_link_in_their_language(self):
        from solidarity.communities.actions import do_issue_reset_link

        self.member.language = "es"
        self.member.save()
        do_issue_reset_link(self.organizer_membership, self.member_membership)
        told = self.sign_in(self.member)
        self.assertEqual(len(told), 1)
        self.assertIn("Riverside Mutual Aid", told[0])
        self.assertNotIn("made a link", told[0])  # Spanish, not English
