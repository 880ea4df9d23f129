"""Reads of the agenda."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from apps.agenda.models import Session
from apps.core.models import Assembly


def compulsory_sessions(*, assembly: Assembly) -> QuerySet[Session]:
    """Published sessions every delegation (or its head) must attend: no bilateral then."""
    return Session.objects.filter(
        assembly=assembly,
        visibility=Session.Visibility.PUBLISHED,
        attendance__in=[Session.Attendance.ALL, Session.Attendance.HEADS],
    ).order_by("starts_at")


def busy_intervals(*, assembly: Assembly) -> list[tuple[dt.datetime, dt.datetime]]:
    """When delegations are busy with the programme, as UTC (start, end) pairs.

    The meetings scheduler turns these into blocked slots. Sessions for all delegations and
    for heads of delegation concern every delegation alike.
    """
    return list(compulsory_sessions(assembly=assembly).values_list("starts_at", "ends_at"))
