"""Secrets that are never readable at rest: derived links and encrypted values.

A link that carries a token (an invitation, a calendar feed) is not stored: its token is an
HMAC of public facts (the object's id and a version) under a key that lives outside the
database (SECRET_KEY, with SECRET_KEY_FALLBACKS still accepted), and it is checked by computing
it again. A value that must be read back (a TOTP secret) is encrypted with AES-GCM under a key
derived the same way (or GA_ENCRYPTION_KEY when set), so a copy of the database alone gives
neither. See docs/security.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


def _keys() -> Iterator[str]:
    """The current key first, then the fallbacks a rotation keeps for a while."""
    yield settings.SECRET_KEY
    yield from getattr(settings, "SECRET_KEY_FALLBACKS", ())


def _mac(key: str, purpose: str, parts: tuple[object, ...]) -> str:
    message = ":".join(str(part) for part in parts).encode()
    derived = hashlib.sha256(f"ga-planner:{purpose}:{key}".encode()).digest()
    digest = hmac.new(derived, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def derive_token(purpose: str, *parts: object) -> str:
    """The token for `parts` (ids, versions: nothing secret); same input, same token."""
    return _mac(settings.SECRET_KEY, purpose, parts)


def token_matches(token: str, purpose: str, *parts: object) -> bool:
    """Whether `token` is the one derive_token gives for `parts` (under any accepted key)."""
    return any(
        hmac.compare_digest(token.encode(), _mac(key, purpose, parts).encode()) for key in _keys()
    )


def keyed_hash(purpose: str, value: str) -> str:
    """A one-way fingerprint of a short secret (a recovery code) that needs the key to check."""
    return _mac(settings.SECRET_KEY, purpose, (value,))


def keyed_hash_candidates(purpose: str, value: str) -> list[str]:
    """The fingerprints `value` has under every accepted key, to look a stored one up."""
    return [_mac(key, purpose, (value,)) for key in _keys()]


def _encryption_keys(purpose: str) -> Iterator[bytes]:
    explicit = getattr(settings, "GA_ENCRYPTION_KEY", "")
    for key in ([explicit] if explicit else []) + list(_keys()):
        yield hashlib.sha256(f"ga-planner:encrypt:{purpose}:{key}".encode()).digest()


def encrypt(purpose: str, plaintext: str) -> str:
    """AES-GCM with a fresh nonce; `purpose` is bound in, so a value cannot move elsewhere."""
    key = next(_encryption_keys(purpose))
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), purpose.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(purpose: str, ciphertext: str) -> str | None:
    """The plaintext, or None when no accepted key opens it (a key was retired)."""
    try:
        raw = base64.urlsafe_b64decode(ciphertext.encode())
    except (ValueError, TypeError):
        return None
    nonce, sealed = raw[:12], raw[12:]
    for key in _encryption_keys(purpose):
        try:
            return AESGCM(key).decrypt(nonce, sealed, purpose.encode()).decode()
        except InvalidTag:
            continue
    return None
