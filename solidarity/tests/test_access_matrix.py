"""Every URL, visited as anonymous, outsider, member and organizer, answers as this table says.

A new URL makes test_every_url_is_in_the_table fail until it is added here.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from solidarity.communities.models import Invitation
from solidarity.testing import CommunityTestCase

PERSONAS = ("anonymous", "outsider", "member", "organizer")
ALL_200 = (200, 200, 200, 200)
LOGIN_NEEDED = (302, 200, 200, 200)
ORGANIZERS_ONLY = (302, 404, 403, 200)
POST_ONLY = (405, 405, 405, 405)

GET_EXPECTED = {
    "home": ALL_200,
    "switch_language": POST_ONLY,
    "accounts:login": ALL_200,
    "accounts:login_code": (302, 302, 302, 302),
    "accounts:logout": POST_ONLY,
    "accounts:profile": LOGIN_NEEDED,
    "accounts:password": LOGIN_NEEDED,
    "accounts:reset_password": (410, 410, 410, 410),
    "accounts:delete": LOGIN_NEEDED,
    "accounts:download_data": LOGIN_NEEDED,
    "accounts:two_factor": LOGIN_NEEDED,
    "accounts:two_factor_setup": LOGIN_NEEDED,
    "accounts:recovery_codes": POST_ONLY,
    "communities:join": ALL_200,
    "communities:join_link": (410, 410, 410, 410),
    "communities:home": ALL_200,
    "communities:members": ORGANIZERS_ONLY,
    "communities:member_action": POST_ONLY,
    "communities:invitations": ORGANIZERS_ONLY,
    "communities:revoke_invitation": POST_ONLY,
    "communities:audit": ORGANIZERS_ONLY,
}

# POSTs that change something: outsiders learn nothing (404), members are refused (403).
POST_EXPECTED = {
    "communities:member_action": (302, 404, 403, 302),
    "communities:revoke_invitation": (302, 404, 403, 302),
    "communities:invitations": (302, 404, 403, 400),
    "accounts:recovery_codes": (302, 200, 200, 200),
}


def url_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


class AccessMatrixTests(CommunityTestCase):
    def setUp(self):
        self.invitation, _ = Invitation.issue(community=self.community, created_by=self.organizer)
        self.args = {
            "community_slug": "riverside",
            "membership_id": self.member_membership.pk,
            "invitation_id": self.invitation.pk,
            "code": "no-such-code",
        }

    def url(self, name):
        for attempt in (
            {},
            {"community_slug": self.args["community_slug"]},
            {"code": self.args["code"]},
            {"community_slug": self.args["community_slug"], "membership_id": self.args["membership_id"]},
            {"community_slug": self.args["community_slug"], "invitation_id": self.args["invitation_id"]},
        ):
            try:
                return reverse(name, kwargs=attempt)
            except Exception:
                continue
        raise AssertionError(f"no arguments fit {name}")

    def as_persona(self, persona):
        self.client.logout()
        user = {"anonymous": None, "outsider": self.outsider, "member": self.member,
                "organizer": self.organizer}[persona]
        if user is not None:
            self.login(user)

    def test_every_url_is_in_the_table(self):
        self.assertEqual(set(url_names()), set(GET_EXPECTED))

    def test_get_answers(self):
        for name, expected in GET_EXPECTED.items():
            for persona, status in zip(PERSONAS, expected):
                with self.subTest(url=name, persona=persona):
                    self.as_persona(persona)
                    self.assertEqual(self.client.get(self.url(name)).status_code, status)

    def test_post_answers(self):
        for name, expected in POST_EXPECTED.items():
            for persona, status in zip(PERSONAS, expected):
                with self.subTest(url=name, persona=persona):
                    self.as_persona(persona)
                    r = self.client.post(self.url(name), {"action": "none"})
                    self.assertEqual(r.status_code, status)
