"""Every URL, visited as anonymous, outsider, member and organizer, answers as the tables say.

The core's table is here; each capability keeps its own rows in `<app>/tests/access.py` (GET_EXPECTED,
POST_EXPECTED and url_args(case)), found through the capability registry. A new URL makes
test_every_url_is_in_a_table fail until it is in one, and a capability without its table fails too.
"""

from importlib import import_module

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from solidarity.communities.models import Invitation
from solidarity.core import capabilities
from solidarity.testing import CommunityTestCase

from .access_table import ADMINS_ONLY, ALL_200, LOGIN_NEEDED, ORGANIZERS_ONLY, PERSONAS, POST_ONLY

GET_EXPECTED = {
    "home": ALL_200,
    "switch_language": POST_ONLY,
    "accounts:login": ALL_200,
    "accounts:login_code": (302, 302, 302, 302),
    "accounts:confirm": LOGIN_NEEDED,
    "accounts:logout": POST_ONLY,
    "accounts:sign_out_everywhere": POST_ONLY,
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
    "communities:capabilities": ADMINS_ONLY,
}

# POSTs that change something: outsiders learn nothing (404), members are refused (403).
POST_EXPECTED = {
    "communities:member_action": (302, 404, 403, 302),
    "communities:revoke_invitation": (302, 404, 403, 302),
    "communities:invitations": (302, 404, 403, 400),
    "communities:capabilities": (302, 404, 403, 403),
    "accounts:recovery_codes": (302, 200, 200, 200),
    "accounts:sign_out_everywhere": (302, 302, 302, 302),
}


def url_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def parameters(name):
    """The names of the URL's parameters, read from its route."""
    namespace, _, short = name.rpartition(":")
    resolver = get_resolver()
    for part in filter(None, namespace.split(":")):
        resolver = next(e for e in resolver.url_patterns if isinstance(e, URLResolver) and e.namespace == part)
    pattern = next(e for e in resolver.url_patterns if isinstance(e, URLPattern) and e.name == short)
    return list(pattern.pattern.converters)


def capability_tables() -> list:
    """Each installed capability's access table module; a capability without one fails here."""
    return [import_module(f"{apps.get_app_config(c.app_label).name}.tests.access")
            for c in capabilities.all_capabilities()]


def full_tables() -> tuple[dict, dict]:
    get, post = dict(GET_EXPECTED), dict(POST_EXPECTED)
    for table in capability_tables():
        get.update(table.GET_EXPECTED)
        post.update(table.POST_EXPECTED)
    return get, post


class AccessMatrixTests(CommunityTestCase):
    def setUp(self):
        self.invitation, _ = Invitation.issue(community=self.community, created_by=self.organizer)
        self.args = {
            "community_slug": "riverside",
            "membership_id": self.member_membership.public_id,
            "invitation_id": self.invitation.public_id,
            "code": "NOSUCHCODE",
        }
        for table in capability_tables():
            self.args.update(table.url_args(self))
        self.get_expected, self.post_expected = full_tables()

    def url(self, name):
        return reverse(name, kwargs={key: self.args[key] for key in parameters(name)})

    def as_persona(self, persona):
        self.client.logout()
        user = {"anonymous": None, "outsider": self.outsider, "member": self.member,
                "organizer": self.organizer}[persona]
        if user is not None:
            self.login(user)

    def test_every_url_is_in_a_table(self):
        self.assertEqual(set(url_names()), set(self.get_expected))

    def test_every_capability_namespace_has_its_urls_in_its_own_table(self):
        for capability, table in zip(capabilities.all_capabilities(), capability_tables()):
            owned = {name for name in url_names() if name.split(":")[0] in capability.namespaces}
            self.assertEqual(owned, set(table.GET_EXPECTED), capability.slug)

    def test_get_answers(self):
        for name, expected in self.get_expected.items():
            for persona, status in zip(PERSONAS, expected):
                with self.subTest(url=name, persona=persona):
                    self.as_persona(persona)
                    self.assertEqual(self.client.get(self.url(name)).status_code, status)

    def test_post_answers(self):
        for name, expected in self.post_expected.items():
            for persona, status in zip(PERSONAS, expected):
                with self.subTest(url=name, persona=persona):
                    self.as_persona(persona)
                    r = self.client.post(self.url(name), {"action": "none"})
                    self.assertEqual(r.status_code, status)


class RandomIdTests(CommunityTestCase):
    """SR-26: no URL of a membership, invitation, offer, match or payment carries its row number."""

    def test_sensitive_urls_carry_128_bit_random_ids_not_row_numbers(self):
        from solidarity.mutualaid.tests.access import url_args
        from solidarity.communities.models import Membership

        args = url_args(self)
        ids = [args["offer_id"], args["match_id"], args["payment_id"], self.member_membership.public_id,
               Invitation.issue(community=self.community, created_by=self.organizer)[0].public_id]
        for public_id in ids:
            self.assertRegex(public_id, r"^[A-Za-z0-9_-]{22}$")
            self.assertFalse(public_id.isdigit())
        self.assertEqual(len(set(ids)), len(ids))
        for name, kwargs in [("communities:member_action", {"membership_id": self.member_membership.public_id}),
                             ("aid:match", {"match_id": args["match_id"]})]:
            url = reverse(name, kwargs={"community_slug": self.community.slug, **kwargs})
            self.assertNotRegex(url, r"/\d+/")
        self.login(self.organizer)
        number = str(Membership.objects.get(pk=self.member_membership.pk).pk)
        r = self.client.post(f"/c/{self.community.slug}/members/{number}/", {"action": "role", "role": "member"})
        self.assertEqual(r.status_code, 404, "a row number no longer opens anything")
