from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from solidarity.communities.models import Community, Membership, Role
from solidarity.core import capabilities

PASSWORD = "solidarity-demo"  # noqa: S105 - the demo's published password (DEMO_MODE only)
SLUG = "eastside"
PEOPLE = [
    ("demo-admin", Role.ADMIN, "en"),
    ("demo-organizer", Role.ORGANIZER, "en"),
    ("demo-member", Role.MEMBER, "en"),
    ("rosa-m", Role.MEMBER, "es"),
    ("marcus", Role.MEMBER, "en"),
    ("lin_w", Role.MEMBER, "en"),
    ("amara", Role.ORGANIZER, "en"),
    ("don-pedro", Role.MEMBER, "es"),
]


class Command(BaseCommand):
    help = "Create the demo community 'Eastside Solidarity Network' and its accounts. Safe to run twice."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo is refused when SOLIDARITY_PRODUCTION is on.")
        with transaction.atomic():
            community, _ = Community.objects.get_or_create(
                slug=SLUG,
                defaults={
                    "name": "Eastside Solidarity Network",
                    "description": "Neighbours on the east side looking after each other: groceries, rides, "
                    "childcare swaps, tenant support and a community fund.",
                },
            )
            User = get_user_model()
            for handle, role, language in PEOPLE:
                user = User.objects.filter(handle=handle).first()
                if user is None:
                    user = User.objects.create_user(handle, PASSWORD, language=language, is_demo=True)
                Membership.objects.get_or_create(community=community, user=user, defaults={"role": role})
            organizer = User.objects.get(handle="demo-organizer")
            for capability in capabilities.all_capabilities():
                if capability.demo is not None:
                    capability.demo(community, organizer)
        self.stdout.write(f"Demo community ready: /c/{SLUG}/")
        self.stdout.write(f"  admin:     demo-admin / {PASSWORD}")
        self.stdout.write(f"  organizer: demo-organizer / {PASSWORD}")
        self.stdout.write(f"  member:    demo-member / {PASSWORD}")
