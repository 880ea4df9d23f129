"""Every meetings notification kind has subject and text templates that render."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from apps.meetings import services

pytestmark = pytest.mark.django_db

KINDS = [
    "request_received",
    "request_accepted",
    "request_declined",
    "request_countered",
    "request_cancelled",
    "request_restored",
    "scheduled",
    "moved",
    "cancelled",
]


@pytest.mark.parametrize("kind", KINDS)
def test_email_templates_render(kind, assembly, morocco, france, rooms, organiser, at):
    request = services.request_meeting(
        requester=morocco, invitee=france, topic="Maritime security", by=morocco.focal_point
    )
    services.accept_meeting_request(request=request, by=france.focal_point)
    meeting = services.place_meeting(
        request=request, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    context = {
        "subject": meeting if kind in ("scheduled", "moved") else request,
        "assembly": assembly,
        "recipient": france.focal_point,
        **services.meeting_context(meeting),
        "decline_reason": "Agenda full",
    }

    subject = render_to_string(f"emails/meetings.{kind}.subject.txt", context)
    body = render_to_string(f"emails/meetings.{kind}.txt", context)

    assert "\n" not in subject.strip()
    assert "Maritime security" in body or "Morocco" in subject
    if kind in ("scheduled", "moved"):
        assert "10:00 Marrakech (UTC+1)" in body
