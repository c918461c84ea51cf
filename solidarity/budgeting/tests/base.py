from solidarity.budgeting import actions
from solidarity.budgeting.models import Budget, Phase, Process, Project
from solidarity.testing import CommunityTestCase

BASE = "/c/riverside/pb/"


class ProcessTestCase(CommunityTestCase):
    """A process with one 100.00 budget and four projects, open for voting with approval ballots of up to 2."""

    ballot_type = "approval"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.process = Process.objects.create(community=cls.community, slug="spring", title="Spring vote",
                                             ballot_type=cls.ballot_type, max_choices=2, points=10,
                                             eligibility="both")
        cls.budget = Budget.objects.create(community=cls.community, process=cls.process, name="All",
                                           amount_cents=10000)
        cls.projects = {code: Project.objects.create(community=cls.community, process=cls.process,
                                                     budget=cls.budget, code=code, title=f"Project {code}",
                                                     cost_cents=cost)
                        for code, cost in (("A", 6000), ("B", 4000), ("C", 3000), ("D", 2000))}
        actions.do_set_phase(cls.organizer, cls.process, Phase.VOTING)
        cls.process.refresh_from_db()

    def url(self, tail=""):
        return f"{BASE}spring/{tail}"

    def ballot(self, *codes, **values):
        data = {"budget": self.budget.pk}
        for code in codes:
            data[f"p_{self.projects[code].pk}"] = "on"
        for code, value in values.items():
            data[f"p_{self.projects[code].pk}"] = str(value)
        return data
