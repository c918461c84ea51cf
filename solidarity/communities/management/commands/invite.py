from django.core.management.base import BaseCommand, CommandError

from solidarity.communities.models import Community, Invitation, Role


class Command(BaseCommand):
    help = "Print a new invitation link for a community (for the first admin, or from a script)."

    def add_arguments(self, parser):
        parser.add_argument("community_slug")
        parser.add_argument("--role", choices=[r.value for r in Role], default=Role.MEMBER)
        parser.add_argument("--uses", type=int, default=1)
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, community_slug, role, uses, days, base_url, **options):
        community = Community.objects.filter(slug=community_slug).first()
        if community is None:
            raise CommandError(f"No community has the slug {community_slug!r}.")
        if uses < 1 or days < 1:
            raise CommandError("--uses and --days must be at least 1.")
        _, code = Invitation.issue(community=community, created_by=None, role=role, max_uses=uses, days=days,
                                   label="command line")
        self.stdout.write(f"{base_url.rstrip('/')}/join/{code}/")
