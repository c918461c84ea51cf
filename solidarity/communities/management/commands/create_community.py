from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from solidarity.communities.models import Community, Role


class Command(BaseCommand):
    help = "Create a community and print a one-use admin invitation for its first organizer."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("name")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, slug, name, base_url, **options):
        if slug != slugify(slug):
            raise CommandError("The slug may hold only lower-case letters, numbers and dashes.")
        if Community.objects.filter(slug=slug).exists():
            raise CommandError(f"A community with the slug {slug!r} exists already.")
        Community.objects.create(slug=slug, name=name)
        self.stdout.write(f"Created {name!r}. Its first admin joins with this link (valid 7 days, one use):")
        call_command("invite", slug, role=Role.ADMIN, base_url=base_url, stdout=self.stdout)
