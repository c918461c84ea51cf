import time

from django.core.management.base import BaseCommand

from solidarity.privacy.retention import purge


class Command(BaseCommand):
    help = "Delete or blank personal data whose retention time is over."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="HOURS", help="Keep running, purging every HOURS hours.")

    def handle(self, *args, every=None, **options):
        while True:
            report = purge()
            for rule, count in report.items():
                if count or options["verbosity"] > 1:
                    self.stdout.write(f"{rule}: {count}")
            self.stdout.write(f"purge: {sum(report.values())} rows deleted or blanked")
            if not every:
                return
            self.stdout.flush()
            time.sleep(every * 3600)
