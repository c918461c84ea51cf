from solidarity.budgeting import actions
from solidarity.budgeting.models import Idea, Phase, Process, Project, ProgressUpdate
from solidarity.privacy.models import AuditEntry
from solidarity.testing import CommunityTestCase

BASE = "/c/riverside/pb/"


class ProcessLifecycleTests(CommunityTestCase):
    def test_an_organizer_creates_a_process_adds_a_budget_and_projects_from_ideas(self):
        self.login(self.organizer)
        r = self.client.post(BASE + "new/", {"title": "Fall vote", "slug": "fall", "eligibility": "members",
                                             "ballot_type": "approval", "max_choices": 3, "min_spend_percent": 0,
                                             "points": 10, "rule": "equal-shares", "public_ideas": "on"})
        self.assertRedirects(r, BASE + "fall/manage/")
        process = Process.objects.get(slug="fall")
        self.client.post(BASE + "fall/manage/", {"form": "budget", "budget-name": "All", "budget-amount": "5000"})
        self.assertEqual(process.budgets.get().amount_cents, 500000)
        # A resident without an account shares an idea.
        anonymous = self.client_class()
        anonymous.post(BASE + "fall/ideas/new/", {"title": "Shade trees", "category": "environment"})
        idea = Idea.objects.get()
        self.assertIsNone(idea.submitted_by)
        r = self.client.post(BASE + "fall/projects/new/", {
            "budget": process.budgets.get().pk, "code": "t1", "title": "Trees on Elm", "cost": "1200.50",
            "category": "environment", "ideas": [idea.pk]})
        self.assertRedirects(r, BASE + "fall/manage/")
        project = Project.objects.get()
        self.assertEqual((project.code, project.cost_cents), ("T1", 120050))
        self.assertEqual(list(project.ideas.all()), [idea])
        idea.refresh_from_db()
        self.assertEqual(idea.status, "accepted")

    def test_ideas_are_merged_as_duplicates(self):
        process = Process.objects.create(community=self.community, slug="p", title="P")
        a = Idea.objects.create(community=self.community, process=process, title="Trees")
        b = Idea.objects.create(community=self.community, process=process, title="More trees")
        self.login(self.organizer)
        self.client.post(BASE + f"p/ideas/{b.pk}/", {"action": "merge", "into": a.pk})
        b.refresh_from_db()
        self.assertEqual((b.status, b.merged_into), ("merged", a))

    def test_voting_cannot_open_without_projects(self):
        process = Process.objects.create(community=self.community, slug="p", title="P")
        with self.assertRaises(actions.NotAllowed):
            actions.do_set_phase(self.organizer, process, Phase.VOTING)

    def test_progress_updates_make_a_public_timeline(self):
        process = Process.objects.create(community=self.community, slug="p", title="P", phase=Phase.IMPLEMENTATION)
        budget = process.budgets.create(community=self.community, name="All", amount_cents=100)
        project = Project.objects.create(community=self.community, process=process, budget=budget, code="A",
                                         title="Benches", cost_cents=50, funded=True)
        self.login(self.organizer)
        self.client.post(BASE + f"p/projects/{project.pk}/progress/", {"progress": "in_progress",
                                                                       "text": "Benches ordered"})
        self.assertEqual(ProgressUpdate.objects.get().text, "Benches ordered")
        self.assertTrue(AuditEntry.objects.filter(action="project.progress").exists())
        self.assertContains(self.client_class().get(BASE + "p/"), "Benches ordered")

    def test_members_cannot_manage(self):
        Process.objects.create(community=self.community, slug="p", title="P")
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(BASE + "p/manage/").status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(BASE + "p/manage/").status_code, 404)
