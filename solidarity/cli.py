"""The `solidarity` command: Django management with our own commands, plus the engines' CLIs.

`solidarity pb count|compare|validate` runs the PB engine without loading Django, so it starts fast
and works on any .pb file. Every other command is a management command; hyphens in its name are
accepted (`solidarity rotate-keys`).
"""

import os
import sys

ENGINE_COMMANDS = {("pb", "count"), ("pb", "compare"), ("pb", "validate")}


# Files the server writes (the SQLite database and its -wal and -shm, secrets, backups, logs) are
# readable by the server's own user only.
PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    argv = list(sys.argv[1:] if argv is None else argv)
    if tuple(argv[:2]) in ENGINE_COMMANDS:
        from solidarity.engines.pb.cli import main as pb_main

        return pb_main(argv[1:])
    command_at = 1 if argv[:1] == ["help"] else 0
    if len(argv) > command_at and not argv[command_at].startswith("-"):
        argv[command_at] = argv[command_at].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["solidarity", *argv])
    except ImproperlyConfigured as error:
        print(f"solidarity: configuration problem: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
