"""The only way budgeting views fetch protected objects (see communities.access)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from solidarity.communities.access import access_membership_for_user
from solidarity.communities.models import Membership

from .models import Idea, PaperBatch, Process, Project


def public_process(community_slug: str, process_slug: str) -> Process:
    """Processes are public: residents follow them, submit ideas and see results without an account."""
    return get_object_or_404(Process.objects.select_related("community"), community__slug=community_slug,
                             slug=process_slug)


def access_process_for_user(user, community_slug: str, process_slug: str, *, organizer=False) \
        -> tuple[Membership, Process]:
    mine = access_membership_for_user(user, community_slug, organizer=organizer)
    process = Process.objects.filter(community=mine.community, slug=process_slug).first()
    if process is None:
        raise Http404
    return mine, process


def access_project_for_user(user, community_slug, process_slug, project_id) -> tuple[Membership, Project]:
    mine, process = access_process_for_user(user, community_slug, process_slug, organizer=True)
    project = Project.objects.filter(process=process, pk=project_id).first()
    if project is None:
        raise Http404
    return mine, project


def access_idea_for_user(user, community_slug, process_slug, idea_id) -> tuple[Membership, Idea]:
    mine, process = access_process_for_user(user, community_slug, process_slug, organizer=True)
    idea = Idea.objects.filter(process=process, pk=idea_id).first()
    if idea is None:
        raise Http404
    return mine, idea


def access_batch_for_user(user, community_slug, process_slug, batch_id) -> tuple[Membership, PaperBatch]:
    mine, process = access_process_for_user(user, community_slug, process_slug, organizer=True)
    batch = PaperBatch.objects.filter(process=process, pk=batch_id).select_related("site", "budget").first()
    if batch is None:
        raise Http404
    return mine, batch

