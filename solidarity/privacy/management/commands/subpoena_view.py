import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from solidarity.privacy.disclosure import everything_about


class Command(BaseCommand):
    help = "Print everything this server holds about one account, as JSON: what a legal demand could obtain."

    def add_arguments(self, parser):
        parser.add_argument("handle")

    def handle(self, *args, handle, **options):
        user = get_user_model().objects.filter(handle__iexact=handle).first()
        if user is None:
            raise CommandError(f"No account is called {handle!r}.")
        self.stdout.write(json.dumps(everything_about(user), indent=2, ensure_ascii=False))
