import base64
import secrets

from django.core.management.base import BaseCommand, CommandError

from solidarity.privacy import backups


class Command(BaseCommand):
    help = ("Write one consistent, encrypted backup of the database to FILE (key: BACKUP_KEY), or check one "
            "with --verify. Exit status 0 on success, 2 otherwise.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")
        parser.add_argument("--verify", action="store_true", help="Check FILE instead of writing it.")
        parser.add_argument("--new-key", action="store_true", help="Print a new random BACKUP_KEY and stop.")

    def handle(self, *args, file=None, verify=False, new_key=False, **options):
        if new_key:
            self.stdout.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
            return
        if not file:
            raise CommandError("Name the backup file: solidarity backup FILE", returncode=2)
        try:
            header = backups.verify(file) if verify else backups.write_backup(file)
        except backups.BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        verb = "is sound" if verify else "written"
        self.stdout.write(f"backup {file} {verb}: {header['vendor']} database of {header['day']}")
