"""The application error type: services raise it, the API and the portal show its message."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the business was broken; the message is for the user, already translated.

    `status` is the HTTP status the API answers with (400 bad input, 409 conflict with
    existing data); `extra` carries field errors or details for the API body.
    """

    status = 400

    def __init__(
        self, message: str, *, extra: dict[str, Any] | None = None, status: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        if status is not None:
            self.status = status


class ConflictError(ApplicationError):
    """The change clashes with data already there (a double booking, a taken slot)."""

    status = 409


# SQLSTATEs of a lost race on PostgreSQL: an exclusion-constraint violation, a deadlock,
# a serialization failure.  Services turn them into a ConflictError.
CONFLICT_SQLSTATES = {"23P01", "40P01", "40001"}


def is_conflict(exc: BaseException) -> bool:
    """True if a database error is one of the lost races above."""
    cause = getattr(exc, "__cause__", None)
    return getattr(cause, "sqlstate", None) in CONFLICT_SQLSTATES
