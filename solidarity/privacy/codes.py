"""Codes that people read aloud, type on old phones and keep on paper; the server keeps only hashes."""

import hashlib
import secrets

# No 0/O or 1/I/L, which are easy to misread.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int = 10) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def hash_code(code: str) -> str:
    """Hash of a code as typed: case, spaces and dashes do not matter."""
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def normalise(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def is_code(code: str) -> bool:
    """Only letters of our alphabet: anything else cannot be a code we issued."""
    text = normalise(code)
    return bool(text) and all(ch in ALPHABET for ch in text)


def is_number(value: str) -> bool:
    """A plain ASCII whole number ("²".isdigit() is True, but int("²") fails)."""
    return value.isascii() and value.isdigit()
