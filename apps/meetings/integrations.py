"""Meetings in the agenda's "My programme" timeline and calendar feeds (registered in ready())."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from apps.agenda.calendar import CalendarEvent
from apps.agenda.timeline import TimelineItem
from apps.meetings.models import Meeting
from apps.meetings.selectors import meetings_of_delegation

FEED_STATUSES = (Meeting.Status.CONFIRMED, Meeting.Status.HELD)
# Looked up once per item (get_status_display rebuilds and translates every choice per call).
STATUS_LABELS = dict(Meeting.Status.choices)


def _counterpart(meeting: Meeting, delegation) -> str:
    request = meeting.request
    return str(request.invitee if request.requester_id == delegation.pk else request.requester)


def _head_required(meeting: Meeting, delegation) -> bool:
    request = meeting.request
    if request.requester_id == delegation.pk:
        return request.requester_head_required
    return request.invitee_head_required


def meeting_timeline_items(*, delegation) -> list[TimelineItem]:
    """Proposed and confirmed meetings beside the sessions, in the delegation's own programme."""
    return [
        TimelineItem(
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            title=_("Bilateral meeting with %(other)s")
            % {"other": _counterpart(meeting, delegation)},
            template="meetings/includes/timeline_meeting.html",
            obj=meeting,
            extra={"status": STATUS_LABELS.get(meeting.status, meeting.status)},
        )
        for meeting in meetings_of_delegation(delegation=delegation)
    ]


def meeting_feed_events(*, delegation, delegate=None) -> list[CalendarEvent]:
    """Confirmed meetings in the delegation's feed; a delegate's feed has those needing the head
    when the delegate heads the delegation (other delegates' attendance is not recorded)."""
    meetings: Iterable[Meeting] = meetings_of_delegation(delegation=delegation).filter(
        status__in=FEED_STATUSES
    )
    if delegate is not None:
        if delegate.function != delegate.Function.HEAD:
            return []
        meetings = [m for m in meetings if _head_required(m, delegation)]
    return [
        CalendarEvent(
            uid=f"meeting-{meeting.pk}@ga-planner",
            summary=_("Bilateral meeting with %(other)s")
            % {"other": _counterpart(meeting, delegation)},
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            sequence=meeting.sequence,
            description=meeting.request.topic,
            location=f"{meeting.room.name} ({meeting.room.code})",
            last_modified=meeting.updated_at,
            categories=("bilateral",),
        )
        for meeting in meetings
    ]
