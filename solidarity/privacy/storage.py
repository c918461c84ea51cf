"""Making what was deleted or rewritten leave the files the database writes.

Deleting a row does not erase it: SQLite keeps the old page in its -wal file until a checkpoint, and
PostgreSQL keeps dead rows in the table's files until their space is reused. Two calls, both made
outside any transaction, use the database's own means:

- flush_deleted_pages() after a purge: on SQLite, secure_delete (on for every connection, see
  settings) has zeroed the freed space in the pages; a full checkpoint writes those pages into the
  main file and truncates the -wal file, whose frames still held the old pages.
- rewrite(*models) after secret ballots are reshuffled: the tables are rebuilt, so neither old rows,
  free pages, page order nor WAL frames keep the order in which ballots were cast. SQLite: VACUUM,
  then the checkpoint. PostgreSQL: VACUUM FULL of each table (new files, live rows only, in their
  shuffled order; the old files are unlinked). What pg_wal and WAL archives still hold, and for how
  long, is in docs/threat-model.md.
"""

from django.db import connection


def flush_deleted_pages() -> None:
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def rewrite(*models) -> None:
    if connection.in_atomic_block:  # inside a test's transaction; the raw-file tests run outside one
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
        else:
            for model in models:
                cursor.execute(f"VACUUM FULL {connection.ops.quote_name(model._meta.db_table)}")
    flush_deleted_pages()
