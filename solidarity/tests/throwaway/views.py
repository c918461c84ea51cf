from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from solidarity.communities.access import access_membership_for_user, membership_of, public_community


def home(request, community_slug):
    community = public_community(community_slug)
    return render(request, "throwaway/home.html", {"community": community,
                                                   "membership": membership_of(request.user, community)})


@login_required
def keepers(request, community_slug):
    mine = access_membership_for_user(request.user, community_slug, organizer=True)
    return render(request, "throwaway/home.html", {"community": mine.community, "membership": mine})
