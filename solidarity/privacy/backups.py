"""Consistent, encrypted backups, and restoring them.

A backup is one file: a snapshot of the database (SQLite's online backup API after a checkpoint, or
`pg_dump --format=custom` for PostgreSQL), encrypted to the operators' public key (BACKUP_KEY, an
X25519 key): each backup makes a one-time key pair, and the AES-256-GCM key comes from the exchange
of its private half with BACKUP_KEY (HKDF-SHA256). The server holds no key that decrypts a backup;
`--verify` and `restore` need the private key (BACKUP_PRIVATE_KEY), kept offline. The file is
sealed in parts of 1 MiB, so a backup of any size is written and read without holding it in
memory; each part is authenticated with its number and whether it is the last, so a cut,
reordered or altered file is refused.

    magic line | one-time public key (32 bytes) | parts: 4-byte length, 12-byte nonce, ciphertext ...
    (the first part is a JSON header)
"""

import base64
import json
import os
import secrets
import sqlite3
import struct
import subprocess
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection
from django.utils import timezone

MAGIC = b"SOLIDARITY-BACKUP 1\n"
CHUNK = 1024 * 1024
KEEP = 7


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


def _cipher(shared: bytes) -> AESGCM:
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"solidarity backup").derive(shared))


def _sealing_key() -> tuple[AESGCM, bytes]:
    """A cipher for a new backup, and the one-time public key that goes at its head."""
    if settings.BACKUP_KEY is None:
        raise BackupError("BACKUP_KEY is not set; see docs/configuration.md.")
    one_time = X25519PrivateKey.generate()
    shared = one_time.exchange(X25519PublicKey.from_public_bytes(settings.BACKUP_KEY))
    return _cipher(shared), one_time.public_key().public_bytes_raw()


def _opening_key(one_time_public: bytes) -> AESGCM:
    if settings.BACKUP_PRIVATE_KEY is None:
        raise BackupError("BACKUP_PRIVATE_KEY is not set: checking or restoring a backup needs the private key "
                          "that `solidarity backup --new-key` printed; see docs/configuration.md.")
    private = X25519PrivateKey.from_private_bytes(settings.BACKUP_PRIVATE_KEY)
    return _cipher(private.exchange(X25519PublicKey.from_public_bytes(one_time_public)))


def new_key_pair() -> tuple[str, str]:
    """(public, private), base64: BACKUP_KEY for the server, BACKUP_PRIVATE_KEY for the operators' safe."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes_raw()
    return (base64.urlsafe_b64encode(private.public_key().public_bytes_raw()).decode(),
            base64.urlsafe_b64encode(raw).decode())


def _aad(number: int, last: bool) -> bytes:
    return MAGIC + struct.pack(">Q?", number, last)


def _encrypt(source: Path, target: Path, header: dict) -> None:
    cipher, one_time_public = _sealing_key()
    partial = target.with_name(target.name + ".partial")
    with open(source, "rb") as plain, open(partial, "wb") as out:
        out.write(MAGIC + one_time_public)
        current, number = json.dumps(header).encode(), 0  # the header is the first part
        while True:
            following = plain.read(CHUNK)
            nonce = secrets.token_bytes(12)
            sealed = cipher.encrypt(nonce, current, _aad(number, not following))
            out.write(struct.pack(">I", len(sealed)) + nonce + sealed)
            if not following:
                break
            current, number = following, number + 1
        out.flush()
        os.fsync(out.fileno())
    partial.replace(target)


def _decrypt(source: Path, target: Path) -> dict:
    """Check every part of `source` and write the snapshot to `target`. Returns the header."""
    header, number, last = None, 0, False
    try:
        with open(source, "rb") as sealed_file, open(target, "wb") as out:
            if sealed_file.read(len(MAGIC)) != MAGIC:
                raise BackupError(f"{source} is not a Solidarity backup.")
            cipher = _opening_key(sealed_file.read(32))
            while True:
                size = sealed_file.read(4)
                if not size:
                    break
                if last:
                    raise BackupError(f"{source} has data after its last part.")
                length = struct.unpack(">I", size)[0]
                nonce, sealed = sealed_file.read(12), sealed_file.read(length)
                if len(sealed) != length:
                    raise BackupError(f"{source} is cut short.")
                for is_last in (False, True):
                    try:
                        piece = cipher.decrypt(nonce, sealed, _aad(number, is_last))
                    except InvalidTag:
                        continue
                    last = is_last
                    break
                else:
                    raise BackupError(f"{source} does not open with this BACKUP_PRIVATE_KEY, or it was changed.")
                if header is None:
                    header = json.loads(piece)
                else:
                    out.write(piece)
                number += 1
    except OSError as error:
        raise BackupError(f"{source}: {error.strerror}.") from None
    if header is None or not last:
        raise BackupError(f"{source} is cut short.")
    return header


def write_backup(target: Path) -> dict:
    """Write one consistent, encrypted backup of the whole database to `target`."""
    target = Path(target)
    header = {"format": 1, "vendor": connection.vendor, "day": timezone.localdate().isoformat()}
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        snapshot = Path(work) / "snapshot"
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with sqlite3.connect(snapshot) as copy:
                connection.connection.backup(copy)
            copy.close()
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(snapshot), _pg_url()])
        _encrypt(snapshot, target, header)
    return header


def verify(source: Path) -> dict:
    """Check that the backup opens with the key, is whole, and (SQLite) that the snapshot is sound."""
    with tempfile.TemporaryDirectory() as work:
        snapshot = Path(work) / "snapshot"
        header = _decrypt(Path(source), snapshot)
        if header.get("vendor") == "sqlite":
            with sqlite3.connect(snapshot) as db:
                if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError(f"{source}: the database inside fails SQLite's integrity check.")
        else:
            _run(["pg_restore", "--list", str(snapshot)])
    return header


def is_empty() -> bool:
    from solidarity.communities.models import Community

    return not Community.objects.exists()


def restore(source: Path, *, force: bool = False) -> dict:
    """Restore a backup into this instance's database, which must be empty unless `force`."""
    if not force and not is_empty():
        raise BackupError("This instance already holds communities. Restore into an empty instance, or pass "
                          "--force to replace everything in it.")
    with tempfile.TemporaryDirectory() as work:
        snapshot = Path(work) / "snapshot"
        header = _decrypt(Path(source), snapshot)
        if header.get("vendor") != connection.vendor:
            raise BackupError(f"This backup is of a {header.get('vendor')} database; this instance uses "
                              f"{connection.vendor}.")
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(snapshot) as copy:
                copy.backup(connection.connection)
            copy.close()
        else:
            connection.close()
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  "--dbname", _pg_url(), str(snapshot)])
    return header


def nightly(folder: Path) -> Path:
    """Today's backup in `folder` (BACKUP_DIR), keeping the last KEEP."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"solidarity-{timezone.localdate().isoformat()}.backup"
    write_backup(target)
    if settings.BACKUP_PRIVATE_KEY is not None:  # normally kept offline, so the check runs where it is
        verify(target)
    for old in sorted(folder.glob("solidarity-*.backup"))[:-KEEP]:
        old.unlink()
    return target


def _pg_url() -> str:
    db = connection.settings_dict
    user = f"{db['USER']}@" if db.get("USER") else ""
    return f"postgresql://{user}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _run(command: list[str]) -> None:
    env = {**os.environ, "PGPASSWORD": connection.settings_dict.get("PASSWORD") or ""}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - a list, no shell
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed; install PostgreSQL's client programs.") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")
