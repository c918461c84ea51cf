"""Codes that people read aloud, type on old phones and keep on paper; the server keeps only hashes."""

import hashlib
import secrets

# No 0/O or 1/I/L, which are easy to misread.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int = 10) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def hash_code(code: str) -> str:
    """Hash of a code as typed: case, spaces and dashes do not matter."""
    return hashlib.sha256(code.strip().upper().replace("-", "").replace(" ", "").encode()).hexdigest()
