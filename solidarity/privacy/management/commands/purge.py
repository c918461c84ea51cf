import time

from django.conf import settings
from django.core.management.base import BaseCommand

from solidarity.privacy import backups
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
            if every and settings.BACKUP_DIR:  # the nightly backup, after the purge, inside `solidarity serve`
                try:
                    self.stdout.write(f"backup: {backups.nightly(settings.BACKUP_DIR)}")
                except backups.BackupError as error:
                    self.stderr.write(f"backup failed: {error}")
            if not every:
                return
            self.stdout.flush()
            time.sleep(every * 3600)
