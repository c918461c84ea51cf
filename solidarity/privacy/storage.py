"""Making what was deleted or rewritten leave the files the database writes, without keeping the rest
of the site waiting.

Deleting a row does not erase it: SQLite keeps the old page in its -wal file until a checkpoint, and
PostgreSQL keeps dead rows in the table's files until their space is reused. Two calls, both made
outside any transaction, use the database's own means:

- flush_deleted_pages() after a purge: on SQLite, secure_delete (on for every connection, see
  settings) has zeroed the freed space in the pages; a full checkpoint writes those pages into the
  main file and truncates the -wal file, whose frames still held the old pages.
- rewrite(*models) after secret ballots are reshuffled (core.ballots.reshuffle): neither old rows,
  free pages, page order nor WAL frames may keep the order in which ballots were cast.
  SQLite: the reshuffle deleted every old row (zeroed by secure_delete) and inserted the rows in a
  random order under random keys, so the pages hold nothing of the voting order; the checkpoint then
  takes the old frames out of the -wal file. A whole-file VACUUM would hold the one write lock for
  seconds on a big database, and is not needed for this. PostgreSQL: VACUUM FULL of each table (new
  files, live rows only, in their shuffled order; the old files are unlinked). What pg_wal and WAL
  archives still hold, and for how long, is in docs/threat-model.md.

If another connection keeps the checkpoint (a long read) or VACUUM FULL (a lock) from finishing within
a second, the step is left for privacy.retention's hourly run rather than making voters wait; each call
returns whether it finished.
"""

import time

from django.db import OperationalError, connection

# How long a checkpoint or a VACUUM FULL may wait for other connections before it is left for later.
WAIT_MS = 1000


def let_others_write() -> None:
    """Between two chunks of a long job on SQLite: a moment for writers waiting for the lock to take it.
    SQLite's lock is not fair (a waiting writer sleeps and retries), so without it a job that commits
    and begins again at once can starve voters until their timeout."""
    if connection.vendor == "sqlite":
        time.sleep(0.15)


def flush_deleted_pages() -> bool:
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return True
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")  # most of the work, without blocking anyone
        cursor.execute("PRAGMA busy_timeout")
        usual = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {WAIT_MS}")
        try:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = cursor.fetchone()[0]
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(usual)}")
    return not busy


def rewrite(*models) -> bool:
    if connection.in_atomic_block:  # inside a test's transaction; the raw-file tests run outside one
        return True
    if connection.vendor == "sqlite":
        return flush_deleted_pages()
    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = {WAIT_MS}")
        try:
            for model in models:
                cursor.execute(f"VACUUM FULL {connection.ops.quote_name(model._meta.db_table)}")
        except OperationalError:
            return False
        finally:
            cursor.execute("RESET lock_timeout")
    return True
