"""Ids from a request are parsed here, and only here.

An id is a run of ASCII digits naming a positive BigAutoField value. `str.isdigit()` is not
enough: it accepts "①" and "٣", the first of which then crashes `int()` and the second of
which `int()` quietly reads as 3. Numbers past the BigAutoField range are refused before they
reach the database (SQLite raises OverflowError on them, PostgreSQL a DataError).
"""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# The largest primary key a BigAutoField holds.
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


class InvalidId(BadRequest):
    """A value given as an id is not one; the portal answers 400 with the message."""

    def __init__(self, field: str):
        self.field = field
        super().__init__(
            _("“%(field)s” must be a whole number from 1 to %(max)s, in digits 0 to 9.")
            % {"field": field, "max": MAX_ID}
        )


def is_id(value: object) -> bool:
    """True for an int or a string of ASCII digits within 1..MAX_ID (booleans are not ids)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1 <= value <= MAX_ID
    return (
        isinstance(value, str)
        and bool(_ASCII_DIGITS.fullmatch(value))
        and 1 <= int(value) <= MAX_ID
    )


def parse_id(value: object, *, field: str) -> int:
    """The id in `value`, or InvalidId naming `field`."""
    if not is_id(value):
        raise InvalidId(field)
    return int(value)  # type: ignore[call-overload]


def parse_optional_id(value: object, *, field: str) -> int | None:
    """None for a missing or empty value; otherwise as parse_id."""
    if value is None or value == "":
        return None
    return parse_id(value, field=field)
