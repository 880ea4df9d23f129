"""Undoing a withdrawal puts the cancelled meeting back, or leaves it waiting for placement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.meetings import services
from apps.meetings.models import Meeting, MeetingRequest
from apps.meetings.selectors import waiting_for_placement_q
from apps.notifications.models import Notification
from apps.notifications.rendering import render_email

pytestmark = pytest.mark.django_db
Status = MeetingRequest.Status


def _placed(requester, invitee, room, starts_at, organiser, topic="Maritime security"):
    request = services.request_meeting(
        requester=requester, invitee=invitee, topic=topic, by=requester.focal_point
    )
    services.accept_meeting_request(request=request, by=invitee.focal_point)
    meeting = services.place_meeting(
        request=request, room=room, starts_at=starts_at, by=organiser, confirm=True
    )
    return request, meeting


def _restored_notices():
    return Notification.objects.filter(kind="meetings.request_restored")


def test_undo_puts_the_meeting_back_when_its_time_and_room_are_free(
    client, morocco, france, rooms, organiser, at
):
    request, meeting = _placed(morocco, france, rooms[0], at(0, "10:00"), organiser)
    client.force_login(morocco.focal_point)
    client.post(reverse("meetings:request_withdraw", args=[request.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED

    page = client.post(
        reverse("meetings:request_restore", args=[request.pk]), follow=True
    ).content.decode()

    request.refresh_from_db()
    meeting.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert (meeting.status, meeting.room, meeting.starts_at) == (
        Meeting.Status.CONFIRMED,
        rooms[0],
        at(0, "10:00"),
    )
    assert "Your request stands again, and so does its meeting: 10:00 Marrakech" in page
    assert "in Atlas, as before." in page
    notices = _restored_notices()
    assert {n.recipient for n in notices} == {france.focal_point}
    assert sorted(n.channel for n in notices) == ["email", "portal"]
    assert not MeetingRequest.objects.filter(waiting_for_placement_q(), pk=request.pk).exists()
    # The cancellation notices not yet sent no longer hold.
    assert not Notification.objects.filter(
        kind="meetings.cancelled", status=Notification.Status.PENDING
    ).exists()


def test_undo_leaves_the_request_waiting_for_placement_when_its_slot_was_taken(
    client, morocco, france, kenya, rooms, organiser, at
):
    request, meeting = _placed(morocco, france, rooms[0], at(0, "10:00"), organiser)
    services.cancel_meeting_request(request=request, by=morocco.focal_point)
    _placed(kenya, france, rooms[0], at(0, "10:00"), organiser, topic="Cybercrime")
    client.force_login(morocco.focal_point)

    page = client.post(
        reverse("meetings:request_restore", args=[request.pk]), follow=True
    ).content.decode()

    request.refresh_from_db()
    meeting.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert meeting.status == Meeting.Status.CANCELLED
    assert MeetingRequest.objects.filter(waiting_for_placement_q(), pk=request.pk).exists()
    assert "Its meeting&#x27;s time or room was taken meanwhile" in page
    notices = _restored_notices()
    assert [(n.recipient, n.channel) for n in notices.order_by("channel")] == [
        (france.focal_point, "email"),
        (france.focal_point, "portal"),
    ]
    assert notices[0].context["awaiting_placement"] is True


def test_undo_of_an_unplaced_request_tells_the_invitee_once(client, morocco, france):
    request = services.request_meeting(
        requester=morocco, invitee=france, topic="Training", by=morocco.focal_point
    )
    services.cancel_meeting_request(request=request, by=morocco.focal_point)
    client.force_login(morocco.focal_point)

    page = client.post(
        reverse("meetings:request_restore", args=[request.pk]), follow=True
    ).content.decode()

    request.refresh_from_db()
    assert request.status == Status.REQUESTED
    assert "Your request stands again." in page
    notices = _restored_notices()
    assert [(n.recipient, n.channel) for n in notices.order_by("channel")] == [
        (france.focal_point, "email"),
        (france.focal_point, "portal"),
    ]
    assert notices[0].context["awaiting_placement"] is False
    # The withdrawal's notice, not sent yet, is not sent at all.
    assert not Notification.objects.filter(
        kind="meetings.request_cancelled", status=Notification.Status.PENDING
    ).exists()


def test_restored_notice_escapes_the_topic(morocco, france, rooms, organiser, at):
    topic = '<script>alert("x")</script> & co'
    request, _meeting = _placed(morocco, france, rooms[0], at(0, "10:00"), organiser, topic=topic)
    services.cancel_meeting_request(request=request, by=morocco.focal_point)
    services.restore_meeting_request(request=request, by=morocco.focal_point)
    notice = _restored_notices().get(channel="email")

    email = render_email(notice)

    assert "<script>" not in email.html
    assert "&lt;script&gt;" in email.html
    assert topic in email.text
    assert "10:00 Marrakech (UTC+1)" in email.text
    assert "The meeting is back at its time and in its room" in email.text


def test_other_delegations_cannot_undo_a_withdrawal(
    client, morocco, france, kenya, rooms, organiser, at
):
    request, meeting = _placed(morocco, france, rooms[0], at(0, "10:00"), organiser)
    services.cancel_meeting_request(request=request, by=morocco.focal_point)
    answers = []
    for outsider in (kenya, france):  # a third delegation, and the invited side
        client.force_login(outsider.focal_point)
        answers.append(client.post(reverse("meetings:request_restore", args=[request.pk])))

    assert [a.status_code for a in answers] == [404, 404]
    request.refresh_from_db()
    meeting.refresh_from_db()
    assert (request.status, meeting.status) == (Status.CANCELLED, Meeting.Status.CANCELLED)
    assert not _restored_notices().exists()
