"""Bounds every piece of user input shares: lengths, lists, dates, invisible characters.

Model fields carry these validators, so `full_clean()` in the services applies them to every
way in (admin, portal, API, imports); the API serializers and forms reuse the same numbers so
the forms and the OpenAPI schema announce the limits the services enforce.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Lengths of free text, in characters.
REASON_MAX_LENGTH = 1_000  # a rejection or decline reason, a committee note
NOTE_MAX_LENGTH = 2_000  # a note to the other side, a cue's technical notes
DESCRIPTION_MAX_LENGTH = 5_000  # a session's or a cue's description

# Dates nobody types on purpose outside these (and whose time-zone conversion cannot overflow).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
# How far from an assembly's first and last day its dates may lie (arrivals, rehearsals, ...).
ASSEMBLY_MARGIN = dt.timedelta(days=90)

# Characters that reorder or hide text ("Trojan source"): embeddings, overrides, isolates.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\n\r\t")


def _invisible(value: str, *, allowed: frozenset[str]) -> bool:
    for char in value:
        if char in allowed:
            continue
        if char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return True
    return False


def validate_single_line(value: str) -> None:
    """Names, titles, topics: no control characters, no line breaks, no direction overrides."""
    if isinstance(value, str) and _invisible(value, allowed=frozenset()):
        raise ValidationError(
            _(
                "Remove the invisible characters (line breaks, control or text-direction "
                "characters) from this text."
            ),
            code="invisible_characters",
        )


def validate_multiline(value: str) -> None:
    """Notes and descriptions: line breaks and tabs are fine, other control characters not."""
    if isinstance(value, str) and _invisible(value, allowed=LINE_BREAKS):
        raise ValidationError(
            _("Remove the control or text-direction characters from this text."),
            code="invisible_characters",
        )


def text_validators(max_length: int) -> list[Callable[[Any], None]]:
    """For a TextField: Django checks max_length only on CharFields, so say it here."""
    return [MaxLengthValidator(max_length), validate_multiline]


def text_length_constraint(name: str, **bounds: int) -> models.CheckConstraint:
    """One database check that the given TextFields stay within their lengths."""
    condition = models.Q()
    for field, max_length in sorted(bounds.items()):
        condition &= models.Q(LessThanOrEqual(Length(field), max_length))
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=_("A text is longer than allowed."),
    )


@deconstructible
class ListValidator:
    """A JSON list of at most `max_items` distinct texts, each one of `item_choices` (if given)
    and at most `item_max_length` long."""

    def __init__(
        self,
        max_items: int,
        item_choices: Iterable[str] | None = None,
        item_max_length: int = 100,
    ):
        self.max_items = max_items
        self.item_choices = tuple(item_choices) if item_choices is not None else None
        self.item_max_length = item_max_length

    def __call__(self, value: Any) -> None:
        if not isinstance(value, list):
            raise ValidationError(_("Give a list."), code="not_a_list")
        if len(value) > self.max_items:
            raise ValidationError(
                ngettext_lazy("Give at most %(max)d item.", "Give at most %(max)d items.", "max"),
                code="too_many_items",
                params={"max": self.max_items},
            )
        seen: set[Any] = set()
        repeated = []
        for item in value:
            if not isinstance(item, str) or len(item) > self.item_max_length:
                raise ValidationError(
                    _("Each item is a text of at most %(max)d characters."),
                    code="not_text",
                    params={"max": self.item_max_length},
                )
            if item in seen:
                repeated.append(item)
            seen.add(item)
        if repeated:
            raise ValidationError(
                _("Each item may appear only once: %(items)s."),
                code="duplicate_items",
                params={"items": ", ".join(sorted(set(repeated)))},
            )
        if self.item_choices is not None:
            unknown = [item for item in value if item not in self.item_choices]
            if unknown:
                raise ValidationError(
                    _("Not one of %(choices)s: %(items)s."),
                    code="unknown_items",
                    params={"choices": ", ".join(self.item_choices), "items": ", ".join(unknown)},
                )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ListValidator)
            and other.max_items == self.max_items
            and other.item_choices == self.item_choices
            and other.item_max_length == self.item_max_length
        )

    def __hash__(self) -> int:
        return hash((self.max_items, self.item_choices, self.item_max_length))


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def validate_plausible_date(value: dt.date | dt.datetime | None) -> None:
    """Years 1900 to 2199: outside them a date is a typo, and a time-zone conversion of year 1
    or 9999 overflows."""
    if value is None:
        return
    if not EARLIEST_DATE <= _as_date(value) <= LATEST_DATE:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


def assembly_window_errors(assembly: Any, **values: dt.date | dt.datetime | None) -> dict:
    """{field: message} for each value more than ASSEMBLY_MARGIN from the assembly's days.

    Dates of datetimes are read in the assembly's zone. Values that are None are skipped.
    """
    first = assembly.start_date - ASSEMBLY_MARGIN
    last = assembly.end_date + ASSEMBLY_MARGIN
    errors = {}
    for field, value in values.items():
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            try:
                day = value.astimezone(assembly.tz).date() if value.tzinfo else value.date()
            except OverflowError:
                day = dt.date.min if value.year < EARLIEST_DATE.year else dt.date.max
        else:
            day = value
        if not first <= day <= last:
            errors[field] = ValidationError(
                _("Give a date between %(first)s and %(last)s (around the assembly's days)."),
                code="outside_assembly",
                params={"first": first.isoformat(), "last": last.isoformat()},
            )
    return errors
