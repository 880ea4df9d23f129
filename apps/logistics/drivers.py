"""A driver's link: a signed token naming the assembly and the driver's phone number, so a
driver sees their own runs on a phone without an account. The link expires; a new phone
number on the runs ends an old link's access to them."""

from __future__ import annotations

from django.core import signing

SALT = "logistics.driver"
MAX_AGE_DAYS = 30


def driver_token(assembly_id: int, phone: str) -> str:
    return signing.dumps([assembly_id, phone], salt=SALT, compress=True)


def read_driver_token(token: str) -> tuple[int, str] | None:
    """(assembly id, phone) of a genuine, unexpired token; None otherwise."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
        or not value[1]
    ):
        return None
    return value[0], value[1]
