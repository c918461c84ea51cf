from solidarity.mutualaid.models import AidSettings, HelpRequest, Offer, Zone
from solidarity.testing import CommunityTestCase

BASE = "/c/riverside/aid/"


class AidTestCase(CommunityTestCase):
    """The personas of CommunityTestCase, plus two areas and a helper's offer."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.aid = AidSettings.for_community(cls.community)
        cls.north = Zone.objects.create(community=cls.community, name="North")
        cls.south = Zone.objects.create(community=cls.community, name="South")
        cls.north.neighbours.add(cls.south, through_defaults={"community": cls.community})
        cls.offer = Offer.objects.create(community=cls.community, member=cls.member, title="Grocery runs",
                                         categories="food,transport", zone=cls.north, languages="en,es",
                                         capacity=2)

    def make_request(self, **fields):
        values = {"category": "food", "description": "Groceries please", "contact": "555-0199",
                  "contact_name": "Ana", "zone": self.north, **fields}
        request, code = HelpRequest.start(self.community, **values)
        request.save()
        return request, code
