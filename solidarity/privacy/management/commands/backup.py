from django.core.management.base import BaseCommand, CommandError

from solidarity.privacy import backups


class Command(BaseCommand):
    help = ("Write one consistent, encrypted backup of the database to FILE (key: BACKUP_KEY), or check one "
            "with --verify. Exit status 0 on success, 2 otherwise.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")
        parser.add_argument("--verify", action="store_true", help="Check FILE instead of writing it.")
        parser.add_argument("--new-key", action="store_true", help="Print a new key pair and stop.")

    def handle(self, *args, file=None, verify=False, new_key=False, **options):
        if new_key:
            public, private = backups.new_key_pair()
            self.stdout.write(f"BACKUP_KEY={public}\n"
                              f"BACKUP_PRIVATE_KEY={private}\n"
                              "Give the server BACKUP_KEY only. Keep BACKUP_PRIVATE_KEY offline: it is the one key "
                              "that opens the backups, for --verify and restore.")
            return
        if not file:
            raise CommandError("Name the backup file: solidarity backup FILE", returncode=2)
        try:
            header = backups.verify(file) if verify else backups.write_backup(file)
        except backups.BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        verb = "is sound" if verify else "written"
        self.stdout.write(f"backup {file} {verb}: {header['vendor']} database of {header['day']}")
