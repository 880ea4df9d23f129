"""Every change to meeting requests and meetings: checked, audited, announced, on commit queued.

Split by entity; import from here: ``from apps.meetings import services``.
"""

from apps.meetings.services.common import (
    conflicts_as_409,
    meeting_context,
    rules_of,
)
from apps.meetings.services.meetings import (
    cancel_meeting,
    confirm_meeting,
    confirm_meetings,
    find_clashes,
    lock_delegations,
    mark_meeting_held,
    move_meeting,
    place_meeting,
    release_meeting,
    request_slots,
    restore_meeting_request,
)
from apps.meetings.services.requests import (
    accept_meeting_request,
    cancel_meeting_request,
    counter_propose_meeting_request,
    declare_unavailability,
    decline_meeting_request,
    expire_meeting_requests,
    remove_unavailability,
    request_meeting,
    set_delegation_meeting_settings,
    set_meeting_rules,
    settings_of,
)
from apps.meetings.services.runs import request_schedule_run

__all__ = [
    "accept_meeting_request",
    "cancel_meeting",
    "cancel_meeting_request",
    "confirm_meeting",
    "confirm_meetings",
    "conflicts_as_409",
    "counter_propose_meeting_request",
    "declare_unavailability",
    "decline_meeting_request",
    "expire_meeting_requests",
    "find_clashes",
    "lock_delegations",
    "mark_meeting_held",
    "meeting_context",
    "move_meeting",
    "place_meeting",
    "release_meeting",
    "remove_unavailability",
    "request_meeting",
    "request_schedule_run",
    "request_slots",
    "restore_meeting_request",
    "rules_of",
    "set_delegation_meeting_settings",
    "set_meeting_rules",
    "settings_of",
]
