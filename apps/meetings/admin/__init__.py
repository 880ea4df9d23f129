"""Organisers' screens of the meetings app (registered on import)."""

from apps.meetings.admin import meetings, requests, runs  # noqa: F401 - registers the admins
