"""Organisers' admin: move with named clashes, the rooms-by-slot grid, running the scheduler."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.meetings import services
from apps.meetings.models import Meeting, ScheduleRun

pytestmark = pytest.mark.django_db


def _placed(requester, invitee, room, starts_at, organiser, topic="Topic"):
    request = services.request_meeting(
        requester=requester, invitee=invitee, topic=topic, by=requester.focal_point
    )
    services.accept_meeting_request(request=request, by=invitee.focal_point)
    return services.place_meeting(request=request, room=room, starts_at=starts_at, by=organiser)


def test_admin_move_refuses_clash_with_clear_message(
    client, organiser, morocco, france, kenya, rooms, at
):
    _placed(morocco, france, rooms[0], at(0, "10:00"), organiser)
    other = _placed(kenya, france, rooms[1], at(0, "11:00"), organiser)
    client.force_login(organiser)

    response = client.post(
        reverse("admin:meetings_meeting_move", args=[other.pk]),
        {"room": rooms[0].pk, "slot": 2},
    )

    page = response.content.decode()
    assert "Room B01 is already taken by Morocco and France" in page
    other.refresh_from_db()
    assert other.starts_at == at(0, "11:00")


def test_admin_move_succeeds(client, organiser, morocco, france, rooms, at):
    meeting = _placed(morocco, france, rooms[0], at(0, "10:00"), organiser)
    client.force_login(organiser)

    client.post(
        reverse("admin:meetings_meeting_move", args=[meeting.pk]),
        {"room": rooms[1].pk, "slot": 16 + 4},
    )

    meeting.refresh_from_db()
    assert (meeting.room, meeting.starts_at) == (rooms[1], at(1, "11:00"))


def test_admin_grid_shows_meetings_by_room_and_slot(client, organiser, morocco, france, rooms, at):
    _placed(morocco, france, rooms[1], at(2, "14:00"), organiser)
    client.force_login(organiser)

    page = client.get(reverse("admin:meetings_meeting_grid")).content.decode()

    assert "Wednesday 26 November 2025" in page
    assert "MA\N{EN DASH}FR" in page
    assert "B02" in page


def test_admin_release_and_list_pages(client, organiser, morocco, france, rooms, at):
    meeting = _placed(morocco, france, rooms[1], at(2, "14:00"), organiser)
    services.confirm_meeting(meeting=meeting, by=organiser)
    client.force_login(organiser)

    client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "release", "_selected_action": [meeting.pk]},
    )

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PROPOSED
    for name in ["meeting", "meetingrequest", "schedulerun", "delegationmeetingsettings"]:
        assert client.get(reverse(f"admin:meetings_{name}_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).status_code == 200
    )


def test_admin_run_now_queues_the_run_and_opens_its_page(
    client,
    organiser,
    assembly,
    morocco,
    france,
    rooms,
    fake_solver,
    sent_tasks,
    django_capture_on_commit_callbacks,
):
    request = services.request_meeting(
        requester=morocco, invitee=france, topic="t", by=morocco.focal_point
    )
    services.accept_meeting_request(request=request, by=france.focal_point)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:meetings_schedulerun_run"), follow=True)

    run = ScheduleRun.objects.get()
    assert (run.status, run.triggered_by) == (ScheduleRun.Status.PENDING, organiser)
    assert response.redirect_chain == [
        (reverse("admin:meetings_schedulerun_change", args=[run.pk]), 302)
    ]
    page = response.content.decode()
    assert "The scheduler run is queued; this page follows it until it is done." in page
    assert "Waiting for a worker to take it" in page
    progress_url = reverse("admin:meetings_schedulerun_progress", args=[run.pk])
    assert f'data-progress-url="{progress_url}"' in page
    assert '<script src="/static/meetings/run_progress.js" defer></script>' in page
    assert fake_solver == []  # nothing solved in the request
    assert sent_tasks == [(assembly.pk,)]


def test_admin_run_page_follows_the_run_until_it_is_done(
    client, organiser, assembly, morocco, france, rooms, fake_solver
):
    from apps.meetings.scheduler_adapter.runs import run_schedule
    from apps.meetings.services.runs import start_schedule_run

    request = services.request_meeting(
        requester=morocco, invitee=france, topic="t", by=morocco.focal_point
    )
    services.accept_meeting_request(request=request, by=france.focal_point)
    run = start_schedule_run(assembly=assembly, by=organiser)
    client.force_login(organiser)
    url = reverse("admin:meetings_schedulerun_progress", args=[run.pk])

    waiting = client.get(url).json()
    run_schedule(assembly_id=assembly.pk)
    done = client.get(url).json()

    assert (waiting["status"], waiting["finished"]) == ("pending", False)
    assert done == {
        "id": run.pk,
        "status": "succeeded",
        "status_label": "succeeded",
        "finished": True,
        "text": "Done: 1 placed, 0 not placed.",
    }
    page = client.get(reverse("admin:meetings_schedulerun_change", args=[run.pk]))
    assert "data-progress-url" not in page.content.decode()
    assert "upper_bound" in page.content.decode() or "placed" in page.content.decode()


def test_admin_place_by_hand_refuses_then_places(
    client, organiser, morocco, france, kenya, rooms, at
):
    _placed(morocco, france, rooms[0], at(0, "10:00"), organiser)
    request = services.request_meeting(
        requester=kenya, invitee=france, topic="Wildlife", by=kenya.focal_point
    )
    services.accept_meeting_request(request=request, by=france.focal_point)
    client.force_login(organiser)
    url = reverse("admin:meetings_meetingrequest_place", args=[request.pk])

    refused = client.post(url, {"room": rooms[1].pk, "slot": 2}).content.decode()
    client.post(url, {"room": rooms[1].pk, "slot": 3, "confirm": "on"})

    assert "France already has 1 meeting(s) then" in refused
    meeting = Meeting.objects.get(request=request)
    assert (meeting.starts_at, meeting.status) == (at(0, "10:30"), Meeting.Status.CONFIRMED)
    assert (
        "Place by hand"
        not in client.get(
            reverse("admin:meetings_meetingrequest_change", args=[request.pk])
        ).content.decode()
    )


@pytest.fixture
def reader():
    from django.contrib.auth.models import Group

    from apps.accounts.roles import ORGANISER_READ_ONLY, sync_roles
    from tests.factories import UserFactory

    sync_roles()
    user = UserFactory(email="reader@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISER_READ_ONLY))
    return user


def test_read_only_organiser_cannot_run_scheduler_action(
    client, reader, assembly, morocco, france, rooms, fake_solver
):
    request = services.request_meeting(
        requester=morocco, invitee=france, topic="t", by=morocco.focal_point
    )
    services.accept_meeting_request(request=request, by=france.focal_point)
    client.force_login(reader)

    client.post(
        reverse("admin:meetings_meetingrequest_changelist"),
        {"action": "run_scheduler", "_selected_action": [request.pk]},
    )
    response = client.post(reverse("admin:meetings_schedulerun_run"))

    assert response.status_code == 403
    assert not ScheduleRun.objects.exists()
    assert not Meeting.objects.exists()


def test_start_schedule_run_refuses_read_only_organiser(assembly, reader, fake_solver):
    from django.core.exceptions import PermissionDenied

    from apps.meetings.services.runs import start_schedule_run

    with pytest.raises(PermissionDenied):
        start_schedule_run(assembly=assembly, by=reader)

    assert not ScheduleRun.objects.exists()
