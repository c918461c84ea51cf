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
        action = reverse("communities:member_action", args=["riverside", self.member_membership.pk])
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
        action = reverse("communities:member_action", args=["riverside", self.member_membership.pk])
        self.assertEqual(self.client.post(action, {"action": "role", "role": "admin"}).status_code, 403)

    def test_removing_a_member(self):
        self.login(self.organizer)
        action = reverse("communities:member_action", args=["riverside", self.member_membership.pk])
        self.client.post(action, {"action": "remove"})
        self.assertFalse(Membership.objects.filter(pk=self.member_membership.pk).exists())

    def test_an_organizer_cannot_act_on_another_communitys_member(self):
        self.login(self.organizer)
        theirs = Membership.objects.get(user=self.outsider)
        action = reverse("communities:member_action", args=["riverside", theirs.pk])
        self.assertEqual(self.client.post(action, {"action": "remove"}).status_code, 404)
        self.assertTrue(Membership.objects.filter(pk=theirs.pk).exists())
