"""Authenticated encryption of single values, with the key id stored beside each ciphertext.

A stored value reads `enc:<key id>:<base64(nonce || ciphertext)>`. AES-256-GCM authenticates the
ciphertext together with a context string (the model and field), so a value copied into another
column does not decrypt. `solidarity rotate-keys` re-encrypts every value not under the current key.
"""

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "enc:"


class DecryptionError(Exception):
    pass


def current_key_id() -> str:
    return next(iter(settings.ENCRYPTION_KEYS))


def encrypt(plaintext: str, *, context: str) -> str:
    key_id = current_key_id()
    nonce = os.urandom(12)
    sealed = AESGCM(settings.ENCRYPTION_KEYS[key_id]).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(stored: str) -> str:
    return stored[len(PREFIX) :].partition(":")[0]


def decrypt(stored: str, *, context: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("value is not encrypted")
    key_id, _, body = stored[len(PREFIX) :].partition(":")
    try:
        key = settings.ENCRYPTION_KEYS[key_id]
    except KeyError:
        raise DecryptionError(f"no key with id {key_id!r} in ENCRYPTION_KEYS") from None
    raw = base64.b64decode(body)
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], context.encode()).decode()
    except InvalidTag:
        raise DecryptionError("value does not authenticate under its key and context") from None
