from django.core.management.base import BaseCommand, CommandError

from solidarity.privacy import backups


class Command(BaseCommand):
    help = ("Restore a backup made by `solidarity backup` into this instance. Refuses an instance that "
            "already holds communities unless --force. Exit status 0 on success, 2 otherwise.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="Replace everything in a non-empty instance.")

    def handle(self, *args, file, force=False, **options):
        try:
            header = backups.restore(file, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"restored {file}: {header['vendor']} database of {header['day']}")
