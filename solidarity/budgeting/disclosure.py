"""Budgeting's section of "download my data": whether someone voted is on the roll; what they voted is
not linked to them anywhere."""

from solidarity.privacy.disclosure import day

from .models import Idea, PaperEntry, RollEntry

MODELS = {
    "ideas": "budgeting.Idea.submitted_by",
    "voted_in": "budgeting.RollEntry.voter",
    "paper_batches_typed": "budgeting.PaperEntry.entered_by",
}


def section(user) -> dict:
    return {
        "ideas": [{"process": i.process.slug, "title": i.title, "created_on": day(i.created_on)}
                  for i in Idea.objects.filter(submitted_by=user).select_related("process")],
        "voted_in": [{"process": r.process.slug, "channel": r.channel}
                     for r in RollEntry.objects.filter(voter=user).select_related("process")],
        "paper_batches_typed": [{"process": e.batch.process.slug, "batch": e.batch.label}
                                for e in PaperEntry.objects.filter(entered_by=user).select_related("batch__process")],
    }
