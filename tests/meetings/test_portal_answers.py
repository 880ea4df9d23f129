"""Answering requests (sorted, filtered, labelled choices), withdrawing with undo, bulk confirm."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.core.models import AuditEntry
from apps.meetings import services
from apps.meetings.models import Meeting, MeetingRequest

pytestmark = pytest.mark.django_db
Status = MeetingRequest.Status


def _request(requester, invitee, topic="Cybercrime", respond_by=None):
    created = services.request_meeting(
        requester=requester, invitee=invitee, topic=topic, by=requester.focal_point
    )
    if respond_by is not None:
        MeetingRequest.objects.filter(pk=created.pk).update(respond_by=respond_by)
        created.refresh_from_db()
    return created


def test_incoming_requests_sorted_by_deadline_filtered_and_counted(
    client, morocco, france, kenya, assembly
):
    now = timezone.now()
    late = _request(france, morocco, topic="Late deadline", respond_by=now + dt.timedelta(days=5))
    soon = _request(kenya, morocco, topic="Soon deadline", respond_by=now + dt.timedelta(days=1))
    services.accept_meeting_request(request=late, by=morocco.focal_point)
    client.force_login(morocco.focal_point)

    everything = client.get(reverse("meetings:requests")).content.decode()
    awaiting = client.get(reverse("meetings:requests"), {"status": "awaiting"}).content.decode()
    accepted = client.get(reverse("meetings:requests"), {"status": "accepted"}).content.decode()
    bad = client.get(reverse("meetings:requests"), {"status": "nonsense"})

    assert everything.index("Soon deadline") < everything.index("Late deadline")
    assert "1 request awaits your answer" in everything
    assert "Soon deadline" in awaiting
    assert "Late deadline" not in awaiting
    assert "Late deadline" in accepted
    assert "Soon deadline" not in accepted
    assert bad.status_code == 200
    assert "Select a valid choice." in bad.content.decode()
    assert soon.pk


def test_answer_is_one_labelled_choice_and_no_cancel_for_the_invited_side(client, morocco, france):
    request = _request(france, morocco)
    client.force_login(morocco.focal_point)

    page = client.get(reverse("meetings:request_detail", args=[request.pk])).content.decode()

    assert '<label for="id_answer_0">Accept: the organisers place the meeting</label>' in page
    assert '<label for="id_answer_1">Decline</label>' in page
    assert '<label for="id_answer_2">Propose other days or half-days</label>' in page
    assert "Withdraw this request" not in page
    assert "Cancel this request" not in page
    withdraw = client.get(reverse("meetings:request_withdraw", args=[request.pk]))
    assert withdraw.status_code == 404


def test_answer_counter_without_times_is_an_error_beside_the_grid(client, morocco, france):
    request = _request(france, morocco)
    client.force_login(morocco.focal_point)

    response = client.post(
        reverse("meetings:request_answer", args=[request.pk, "answer"]), {"answer": "counter"}
    )

    page = response.content.decode()
    assert "Choose at least one day or half-day to propose." in page
    assert '<a href="#id_preferred">' in page
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_answer_decline_with_reason(client, morocco, france):
    request = _request(france, morocco)
    client.force_login(morocco.focal_point)

    client.post(
        reverse("meetings:request_answer", args=[request.pk, "answer"]),
        {"answer": "decline", "reason": "No time"},
    )

    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (Status.DECLINED, "No time")


def test_withdraw_asks_first_and_can_be_undone(client, morocco, france):
    request = _request(morocco, france, topic="Maritime")
    client.force_login(morocco.focal_point)
    url = reverse("meetings:request_withdraw", args=[request.pk])

    confirm = client.get(url).content.decode()
    request.refresh_from_db()
    assert "Withdraw your request to <bdi>France</bdi>?" in confirm
    assert request.status == Status.REQUESTED

    done = client.post(url, follow=True).content.decode()
    request.refresh_from_db()
    assert request.status == Status.CANCELLED
    assert "Your request is withdrawn." in done
    undo = reverse("meetings:request_restore", args=[request.pk])
    assert f'action="{undo}"' in done

    back = client.post(undo, follow=True).content.decode()
    request.refresh_from_db()
    assert request.status == Status.REQUESTED
    assert "Your request stands again." in back
    assert AuditEntry.objects.filter(
        action="meetings.request.restored", object_id=str(request.pk)
    ).exists()


def test_withdrawal_undo_expires(client, morocco, france):
    request = _request(morocco, france)
    services.cancel_meeting_request(request=request, by=morocco.focal_point)
    client.force_login(morocco.focal_point)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=False):
        page = client.post(
            reverse("meetings:request_restore", args=[request.pk]), follow=True
        ).content.decode()

    request.refresh_from_db()
    assert request.status == Status.CANCELLED
    assert "can no longer be undone" in page


def test_other_delegation_cannot_withdraw_restore_or_confirm(
    client, morocco, france, kenya, rooms, organiser, at
):
    request = _request(morocco, france)
    services.accept_meeting_request(request=request, by=france.focal_point)
    meeting = services.place_meeting(
        request=request, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    client.force_login(kenya.focal_point)

    withdraw = client.post(reverse("meetings:request_withdraw", args=[request.pk]))
    restore = client.post(reverse("meetings:request_restore", args=[request.pk]))
    confirm = client.post(reverse("meetings:meeting_confirm_selected"), {"meeting": [meeting.pk]})

    assert [withdraw.status_code, restore.status_code, confirm.status_code] == [404, 404, 404]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.confirmed_by_requester) == (Meeting.Status.PROPOSED, False)


def test_bulk_confirm_confirms_each_ticked_meeting_and_names_failures(
    client, morocco, france, kenya, rooms, organiser, at
):
    meetings = []
    for index, partner in enumerate([france, kenya]):
        request = _request(morocco, partner)
        services.accept_meeting_request(request=request, by=partner.focal_point)
        meetings.append(
            services.place_meeting(
                request=request, room=rooms[0], starts_at=at(0, f"1{index}:00"), by=organiser
            )
        )
    first, second = meetings
    services.cancel_meeting(meeting=second, by=organiser)  # cancelled meanwhile
    client.force_login(morocco.focal_point)

    page = client.get(reverse("meetings:schedule")).content.decode()
    assert f'name="meeting" value="{first.pk}" form="confirm-selected"' in page

    response = client.post(
        reverse("meetings:meeting_confirm_selected"), {"meeting": [first.pk]}, follow=True
    )

    first.refresh_from_db()
    assert first.confirmed_by_requester is True
    assert "You confirmed 1 meeting." in response.content.decode()


def test_bulk_confirm_reports_an_error_per_meeting(morocco, france, rooms, organiser, at):
    request = _request(morocco, france)
    services.accept_meeting_request(request=request, by=france.focal_point)
    good = services.place_meeting(
        request=request, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    gone = Meeting.objects.get(pk=good.pk)
    Meeting.objects.filter(pk=good.pk).update(status=Meeting.Status.CANCELLED)

    result = services.confirm_meetings(meetings=[gone], by=morocco.focal_point)

    assert result.confirmed == []
    assert list(result.errors) == [good.pk]


def test_bulk_confirm_with_a_non_id_is_a_400(client, morocco):
    client.force_login(morocco.focal_point)

    response = client.post(reverse("meetings:meeting_confirm_selected"), {"meeting": ["٣"]})

    assert response.status_code == 400
