"""Every URL, visited as anonymous, outsider, member and organizer, answers as this table says.

A new URL makes test_every_url_is_in_the_table fail until it is added here.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from solidarity.budgeting.models import Budget, Idea, PaperBatch, Process, Project, Site
from solidarity.communities.models import Invitation
from solidarity.mutualaid.models import HelpRequest, Match, Offer, Payment
from solidarity.testing import CommunityTestCase

PERSONAS = ("anonymous", "outsider", "member", "organizer")
ALL_200 = (200, 200, 200, 200)
LOGIN_NEEDED = (302, 200, 200, 200)
ORGANIZERS_ONLY = (302, 404, 403, 200)
POST_ONLY = (405, 405, 405, 405)
MEMBERS_ONLY = (302, 404, 200, 200)

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
    "aid:home": ALL_200,
    "aid:ask": ALL_200,
    "aid:status_lookup": ALL_200,
    "aid:status": (404, 404, 404, 404),
    "aid:fund": ALL_200,
    "aid:phone": MEMBERS_ONLY,
    "aid:mine": MEMBERS_ONLY,
    "aid:offer_new": MEMBERS_ONLY,
    "aid:offer_edit": MEMBERS_ONLY,
    "aid:offers": ORGANIZERS_ONLY,
    "aid:match": MEMBERS_ONLY,
    "aid:match_action": POST_ONLY,
    "aid:open": (302, 404, 404, 404),  # only in peer-to-peer mode
    "aid:queue": ORGANIZERS_ONLY,
    "aid:match_all": ORGANIZERS_ONLY,
    "aid:request": ORGANIZERS_ONLY,
    "aid:request_action": POST_ONLY,
    "aid:import": ORGANIZERS_ONLY,
    "aid:setup": ORGANIZERS_ONLY,
    "aid:ledger": MEMBERS_ONLY,
    "aid:ledger_csv": ORGANIZERS_ONLY,
    "aid:payment_action": POST_ONLY,
    "open311:services": (400, 400, 400, 400),  # two communities here: jurisdiction_id is required
    "open311:service": (400, 400, 400, 400),
    "open311:requests": (405, 405, 405, 405),
    "open311:token": (404, 404, 404, 404),
    "open311:request": (404, 404, 404, 404),
    "open311:openapi": ALL_200,
    "pb:processes": ALL_200,
    "pb:new": ORGANIZERS_ONLY,
    "pb:process": ALL_200,
    "pb:idea_new": ALL_200,
    "pb:vote": ALL_200,  # says that voting is not open yet
    "pb:vote_code": ALL_200,
    "pb:receipt": ALL_200,
    "pb:results": (404, 404, 404, 200),  # organizers see results before they are published
    "pb:export": (404, 404, 404, 404),
    "pb:manage": ORGANIZERS_ONLY,
    "pb:project_new": ORGANIZERS_ONLY,
    "pb:project_edit": ORGANIZERS_ONLY,
    "pb:progress": ORGANIZERS_ONLY,
    "pb:idea_action": POST_ONLY,
    "pb:codes": ORGANIZERS_ONLY,
    "pb:paper": ORGANIZERS_ONLY,
    "pb:batch": ORGANIZERS_ONLY,
    "pb:project_image": (404, 404, 404, 404),  # this project has no photo
}

# POSTs that change something: outsiders learn nothing (404), members are refused (403).
POST_EXPECTED = {
    "communities:member_action": (302, 404, 403, 302),
    "communities:revoke_invitation": (302, 404, 403, 302),
    "communities:invitations": (302, 404, 403, 400),
    "accounts:recovery_codes": (302, 200, 200, 200),
    "aid:request_action": (302, 404, 403, 302),
    "aid:payment_action": (302, 404, 403, 302),
    "aid:match_action": (302, 404, 302, 302),
    "open311:requests": (400, 400, 400, 400),
    "pb:idea_action": (302, 404, 403, 302),
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


class AccessMatrixTests(CommunityTestCase):
    def setUp(self):
        self.invitation, _ = Invitation.issue(community=self.community, created_by=self.organizer)
        offer = Offer.objects.create(community=self.community, member=self.member, title="Rides", categories="food")
        request, _ = HelpRequest.start(self.community, category="food", description="x")
        request.save()
        match = Match.objects.create(community=self.community, request=request, offer=offer)
        payment = Payment.objects.create(community=self.community, kind="disbursement", amount_cents=100)
        process = Process.objects.create(community=self.community, slug="spring", title="Spring")
        budget = Budget.objects.create(community=self.community, process=process, name="All", amount_cents=100)
        project = Project.objects.create(community=self.community, process=process, budget=budget, code="A",
                                         title="A", cost_cents=50)
        idea = Idea.objects.create(community=self.community, process=process, title="Idea")
        site = Site.objects.create(community=self.community, process=process, name="Library")
        batch = PaperBatch.objects.create(community=self.community, process=process, site=site, budget=budget,
                                          label="box")
        self.args = {
            "community_slug": "riverside",
            "membership_id": self.member_membership.pk,
            "invitation_id": self.invitation.pk,
            "code": "NOSUCHCODE",
            "offer_id": offer.pk,
            "match_id": match.pk,
            "public_id": request.public_id,
            "payment_id": payment.pk,
            "service_code": "food",
            "token": "NOSUCHTOKEN",
            "request_id": "NOSUCHID",
            "process_slug": process.slug,
            "budget_id": budget.pk,
            "project_id": project.pk,
            "idea_id": idea.pk,
            "batch_id": batch.pk,
        }

    def url(self, name):
        return reverse(name, kwargs={key: self.args[key] for key in parameters(name)})

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
