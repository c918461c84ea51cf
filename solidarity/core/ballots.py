"""The secret-ballot kit: a roll of who took part, unlinkable ballots, receipts, one-time printed codes,
and the reshuffle on close. Budgeting's ballots use it; survey answers will too.

- A ballot row has a random key, no time and no voter (SecretBallot); so do its parts, such as a
  ballot's choices (SecretBallotPart). The roll row (who took part) is written in the same
  transaction, so nothing acknowledged is lost and a second ballot fails on a database constraint,
  but the two rows share no key, and the ballot's place in storage follows its random key, not the
  order of voting (RandomKey).
- A receipt is a code the voter keeps; only its hash is stored on the ballot, so a voter can check
  their ballot was counted and nobody else can find it.
- Printed one-time codes (PrintedCode) let people without an account take part; only hashes are kept.
- On close, every ballot is rewritten in random order under new keys (reshuffle), and then the
  database rewrites its files (privacy.storage.rewrite), so neither storage order nor old pages can be
  lined up with the roll. docs/threat-model.md says what remains while voting is open.
"""

import contextlib
import hashlib
import random
import secrets
from collections.abc import Callable, Iterable

from django.db import IntegrityError, connection, models, transaction

from solidarity.privacy import storage
from solidarity.privacy.codes import hash_code, new_code

RECEIPT_LENGTH = 12
# One-time voting codes: 13 letters of a 31-letter alphabet carry 64 random bits (SR-38), so guessing
# one among a city's sheets is hopeless even before the lookup limits.
CODE_LENGTH = 13
CHUNK = 300  # ballots per transaction when reshuffling (reshuffle)


class AlreadyCast(Exception):
    """The roll already has this person or code."""


def random_key() -> int:
    """A positive 63-bit random number: a key that says nothing about when its row was written."""
    return secrets.randbits(63) or 1


class RandomKey(models.BigIntegerField):
    """A primary key drawn at random (pass default=random_key).

    On SQLite the column is declared `integer primary key`, which makes it the table's rowid: rows are
    stored in key order, that is in random order, and the table has no hidden row number that counts
    up as ballots arrive (with any other key type it would, and row numbers would line up with the
    roll's). On PostgreSQL it is a bigint.
    """

    def db_type(self, connection):
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class SecretBallot(models.Model):
    id = RandomKey(primary_key=True, default=random_key, editable=False)
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        abstract = True


class SecretBallotPart(models.Model):
    """A row that belongs to a ballot (a choice, an answer): a random key too, so its row number does
    not give away the order in which ballots were cast."""

    id = RandomKey(primary_key=True, default=random_key, editable=False)

    class Meta:
        abstract = True


class PrintedCode(models.Model):
    """A one-time code printed on a numbered sheet. Stored hashed."""

    code_hash = models.CharField(max_length=64, unique=True)
    sheet = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(("receipt:" + receipt.strip().upper()).encode()).hexdigest()


def find_by_receipt(ballots: models.QuerySet, receipt: str):
    return ballots.filter(receipt_hash=receipt_hash(receipt)).first()


def issue_codes(model, count: int, **fields) -> tuple[list[str], int]:
    """`count` new codes on the next sheet for these fields; returns (codes, sheet). Only hashes are kept."""
    last = model.objects.filter(**fields).order_by("-sheet").values_list("sheet", flat=True).first() or 0
    codes = [new_code(CODE_LENGTH) for _ in range(count)]
    model.objects.bulk_create([model(code_hash=hash_code(code), sheet=last + 1, **fields) for code in codes])
    return codes, last + 1


def find_code(codes: models.QuerySet, code: str):
    return codes.filter(code_hash=hash_code(code)).first()


def still_open(container: models.QuerySet) -> bool:
    """Inside a transaction: whether `container` (one row, filtered to its open state) still matches,
    keeping a shared lock on the row until the transaction ends.

    On PostgreSQL this is `FOR SHARE`: ballots in flight do not wait for each other, while closing the
    vote (an UPDATE of that row) waits for them, and a ballot that comes after it sees the row closed.
    `FOR UPDATE` would make every ballot queue behind the one before. On SQLite the transaction holds
    the database's one write lock already, so a plain read is enough.
    """
    if connection.vendor != "postgresql":
        return container.exists()
    sql, params = container.values("pk").order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} FOR SHARE", params)
        return cursor.fetchone() is not None


def cast(*, still_open: Callable[[], bool], write_roll: Callable[[], object],
         write_ballot: Callable[[str], object]) -> str:
    """Write the roll entry and the ballot in one transaction; return the voter's receipt.

    `still_open` runs first inside the transaction and may lock the container (so no ballot slips in
    while a count starts); when it returns False nothing is written and None is returned. A second
    roll entry for the same person or code raises AlreadyCast.
    """
    receipt = new_code(RECEIPT_LENGTH)
    try:
        with transaction.atomic():
            if not still_open():
                return None
            write_roll()
            write_ballot(receipt_hash(receipt))
    except IntegrityError:
        raise AlreadyCast from None
    return receipt


def reshuffle(ballots: models.QuerySet, children: Iterable[tuple[type[models.Model], str]]) -> int:
    """Rewrite these ballots and their child rows (model, name of its key to the ballot) in random order
    under new random keys. Returns the number of ballots. Afterwards call privacy.storage.rewrite() with
    the same models so that the old rows leave the database's files.

    Call it once nothing can add to these ballots (the vote is closed), outside a transaction. The rows
    are read once, shuffled, and rewritten in chunks of CHUNK ballots; on SQLite each chunk is its own
    short transaction, with storage.let_others_write() between: a city's 60,000 ballots and 300,000 choices
    never hold SQLite's one write lock for more than a fraction of a second, so voters elsewhere on the
    site are not kept waiting. A chunk is all or nothing, so after an interruption every ballot is still
    there exactly once, and running it again shuffles them all again. Plain SQL through Django's cursor:
    model instances and the ORM's cascade took most of a minute.
    """
    model, key = ballots.model, ballots.model._meta.pk
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = list(ballots.values_list(key.attname, *(f.attname for f in columns)))
    random.SystemRandom().shuffle(rows)
    # New random keys, handed out in ascending order along the shuffled order: key order and insertion
    # order are both the shuffle's (nothing of the voting order), and each chunk appends to the end of
    # the table's index instead of touching pages all over it.
    fresh = dict(zip((old for old, *_rest in rows), sorted(key.get_default() for _ in rows)))
    parts = []
    for child, link in children:
        # Each child row gets a new key too (SecretBallotPart): an old one would name its old ballot.
        child_key, link_field = child._meta.pk, child._meta.get_field(link)
        others = [f for f in child._meta.concrete_fields if not f.primary_key and f is not link_field]
        by_ballot = {}
        for old, *rest in child._base_manager.filter(**{f"{link}__in": ballots.values(key.attname)}) \
                .values_list(link_field.attname, *(f.attname for f in others)):
            by_ballot.setdefault(old, []).append(rest)
        child_keys = iter(sorted(child_key.get_default() for _ in range(sum(map(len, by_ballot.values())))))
        parts.append((child, link_field, [child_key, link_field, *others], by_ballot, child_keys))
    # Each chunk commits on its own only where the lock is the whole database's (SQLite). PostgreSQL
    # locks rows, so there the chunks share one transaction, which keeps nobody waiting and writes
    # each page once.
    with contextlib.nullcontext() if connection.vendor == "sqlite" else transaction.atomic():
        _rewrite_chunks(rows, fresh, parts, model, key, columns)
    return len(rows)


def _rewrite_chunks(rows, fresh, parts, model, key, columns) -> None:
    q = connection.ops.quote_name
    for start in range(0, len(rows), CHUNK):
        part = rows[start:start + CHUNK]
        olds = [old for old, *_rest in part]
        marks = ", ".join(["%s"] * len(olds))
        with transaction.atomic(), connection.cursor() as cursor:
            for child, link_field, fields, by_ballot, _keys in parts:
                cursor.execute(f"DELETE FROM {q(child._meta.db_table)} WHERE {q(link_field.column)} IN ({marks})",  # noqa: S608 - names from _meta
                               olds)
            cursor.execute(f"DELETE FROM {q(model._meta.db_table)} WHERE {q(key.column)} IN ({marks})", olds)  # noqa: S608 - names from _meta
            _insert(cursor, model, [key, *columns], [(fresh[old], *rest) for old, *rest in part])
            for child, _link_field, fields, by_ballot, keys in parts:
                values = [(fresh[old], *rest) for old in olds for rest in by_ballot.get(old, [])]
                random.SystemRandom().shuffle(values)
                _insert(cursor, child, fields, [(next(keys), *row) for row in values])
        storage.let_others_write()


def _insert(cursor, model, fields, rows) -> None:
    q = connection.ops.quote_name
    names = ", ".join(q(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    cursor.executemany(f"INSERT INTO {q(model._meta.db_table)} ({names}) VALUES ({marks})",  # noqa: S608 - names from _meta
                       [[f.get_db_prep_value(v, connection) for f, v in zip(fields, row)] for row in rows])
