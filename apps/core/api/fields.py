"""Serializer fields the APIs share: ids and dates parsed by the same rules as everywhere."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.ids import MAX_ID, is_id
from apps.core.validators import EARLIEST_DATE, LATEST_DATE, validate_plausible_date

__all__ = [
    "MAX_ID",
    "IdField",
    "IdRelatedField",
    "LocalTimeField",
    "PlausibleDateField",
    "PlausibleDateTimeField",
    "check_plausible",
]


def _check_id(field: serializers.Field, data: object) -> int:
    if not is_id(data):
        field.fail("invalid_id", max=MAX_ID)
    return int(data)  # type: ignore[call-overload]


_ID_MESSAGE = _("Give an id: a whole number from 1 to {max}, in digits 0 to 9.")


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdField(serializers.Field):
    """A primary key in a query parameter or a body: an int, or a string of ASCII digits."""

    default_error_messages = {"invalid_id": _ID_MESSAGE}

    def to_internal_value(self, data):
        return _check_id(self, data)

    def to_representation(self, value):
        return int(value)


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "09:00:00"}
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time of the assembly's zone, without an offset (JSON Schema's "time"
    format would demand one)."""


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """PrimaryKeyRelatedField whose ids are parsed like every other id (apps.core.ids)."""

    default_error_messages = {
        **serializers.PrimaryKeyRelatedField.default_error_messages,
        "invalid_id": _ID_MESSAGE,
    }

    def to_internal_value(self, data):
        return super().to_internal_value(_check_id(self, data))


def check_plausible(field: serializers.Field, value: dt.date) -> None:
    try:
        validate_plausible_date(value)
    except DjangoValidationError:
        field.fail("implausible", earliest=EARLIEST_DATE, latest=LATEST_DATE)


_DATE_MESSAGE = _("Give a date between {earliest} and {latest}.")


class PlausibleDateField(serializers.DateField):
    default_error_messages = {
        **serializers.DateField.default_error_messages,
        "implausible": _DATE_MESSAGE,
    }

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        check_plausible(self, parsed)
        return parsed


class PlausibleDateTimeField(serializers.DateTimeField):
    """A datetime between 1900 and 2199, checked before any time-zone conversion (which
    overflows on year 1 or 9999)."""

    default_error_messages = {
        **serializers.DateTimeField.default_error_messages,
        "implausible": _DATE_MESSAGE,
    }

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        check_plausible(self, value)
        return super().enforce_timezone(value)
