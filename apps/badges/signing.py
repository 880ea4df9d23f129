"""Badge tokens: badge id, version and expiry, signed with Ed25519 so gates verify with the
public key alone. The QR code holds the token and nothing personal.

    token = base64url(payload || signature), payload = ">IHI" (id, version, expiry in epoch s)

The private key comes from BADGE_SIGNING_KEY (base64 of the 32-byte raw key); on the embedded
default (no key configured) one is generated once and kept under GA_VAR_DIR, readable by the
owner only.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PAYLOAD = struct.Struct(">IHI")
SIGNATURE_BYTES = 64
TOKEN_BYTES = PAYLOAD.size + SIGNATURE_BYTES
MAX_VERSION = 0xFFFF


@dataclass(frozen=True)
class TokenClaims:
    badge_id: int
    version: int
    expires: int  # epoch seconds


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _from_b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key_file():
    return settings.VAR_DIR / "badge_signing_key"


@cache
def signing_key() -> Ed25519PrivateKey:
    configured = settings.BADGE_SIGNING_KEY
    if configured:
        try:
            raw = base64.b64decode(configured, validate=True)
            return Ed25519PrivateKey.from_private_bytes(raw)
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(
                "BADGE_SIGNING_KEY is not the base64 of a 32-byte Ed25519 key."
            ) from exc
    path = _key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = Ed25519PrivateKey.generate().private_bytes_raw()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(base64.b64encode(raw))
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(path.read_bytes()))


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_key_b64url() -> str:
    """The raw 32-byte public key, as the gate bundle carries it (WebCrypto imports "raw")."""
    return _b64url(public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def sign_token(*, badge_id: int, version: int, expires: int) -> str:
    payload = PAYLOAD.pack(badge_id, min(version, MAX_VERSION), expires)
    return _b64url(payload + signing_key().sign(payload))


def read_token(token: str) -> TokenClaims | None:
    """The claims of an authentic token; None for anything malformed or tampered with."""
    token = (token or "").strip()
    if not token or len(token) > 200:
        return None
    try:
        raw = _from_b64url(token)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != TOKEN_BYTES:
        return None
    payload, signature = raw[: PAYLOAD.size], raw[PAYLOAD.size :]
    try:
        public_key().verify(signature, payload)
    except InvalidSignature:
        return None
    badge_id, version, expires = PAYLOAD.unpack(payload)
    return TokenClaims(badge_id=badge_id, version=version, expires=expires)
