"""Budgeting's rows of the access matrix (solidarity/tests/test_access_matrix.py)."""

from solidarity.budgeting.models import Budget, Idea, PaperBatch, Process, Project, Site

from solidarity.tests.access_table import ALL_200, ORGANIZERS_ONLY, POST_ONLY

GET_EXPECTED = {
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

POST_EXPECTED = {
    "pb:idea_action": (302, 404, 403, 302),
}


def url_args(case) -> dict:
    process = Process.objects.create(community=case.community, slug="spring", title="Spring")
    budget = Budget.objects.create(community=case.community, process=process, name="All", amount_cents=100)
    project = Project.objects.create(community=case.community, process=process, budget=budget, code="A",
                                     title="A", cost_cents=50)
    idea = Idea.objects.create(community=case.community, process=process, title="Idea")
    site = Site.objects.create(community=case.community, process=process, name="Library")
    batch = PaperBatch.objects.create(community=case.community, process=process, site=site, budget=budget,
                                      label="box")
    return {"process_slug": process.slug, "budget_id": budget.pk, "project_id": project.pk, "idea_id": idea.pk,
            "batch_id": batch.pk}
