"""The adapter between the database and the scheduler: the instance it builds, how it applies.

Tests using the `fake_solver` fixture are about the adapter only: the solver is a greedy test
double speaking the scheduler's JSON. The last test runs the real scheduler once it is merged.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from apps.agenda.models import Session
from apps.meetings import services
from apps.meetings.models import DelegationAvailability, Meeting, MeetingRequest, ScheduleRun
from apps.meetings.scheduler_adapter.instance import build_instance
from apps.meetings.scheduler_adapter.runs import run_schedule
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _accepted(requester, invitee, **kwargs):
    request = services.request_meeting(
        requester=requester,
        invitee=invitee,
        topic=kwargs.pop("topic", "Cooperation"),
        by=requester.focal_point,
        **kwargs,
    )
    return services.accept_meeting_request(request=request, by=invitee.focal_point)


def test_build_instance_uses_grid_agenda_unavailability_and_settings(
    assembly, morocco, france, kenya, rooms, organiser, at
):
    Session.objects.create(
        assembly=assembly,
        kind=Session.Kind.OPENING,
        title_en="Opening",
        starts_at=at(0, "09:00"),
        ends_at=at(0, "10:30"),
        attendance=Session.Attendance.ALL,
        visibility=Session.Visibility.PUBLISHED,
    )
    DelegationAvailability.objects.create(
        delegation=france, starts_at=at(3, "13:00"), ends_at=at(3, "17:00"), reason="Flight home"
    )
    services.set_delegation_meeting_settings(
        delegation=morocco, teams=2, max_per_day=6, by=organiser
    )
    first = _accepted(
        morocco,
        france,
        duration_minutes=60,
        priority="essential",
        requester_head_required=True,
        preferred=["2025-11-25 pm"],
    )
    second = _accepted(morocco, kenya)
    fixed = services.place_meeting(
        request=second, room=rooms[1], starts_at=at(1, "09:30"), by=organiser, confirm=True
    )

    instance, mapping = build_instance(assembly)

    assert instance["slot_minutes"] == 30
    assert instance["days"][0] == {"date": "2025-11-24", "start": "09:00", "slots": 16}
    assert len(instance["days"]) == 4
    assert instance["rooms"] == [{"id": "B01", "capacity": 6}, {"id": "B02", "capacity": 12}]
    delegations = {d["id"]: d for d in instance["delegations"]}
    assert delegations["MA"] == {"id": "MA", "blocked": [0, 1, 2], "teams": 2, "max_per_day": 6}
    assert delegations["FR"]["blocked"] == [0, 1, 2, *range(56, 64)]
    assert delegations["KE"]["teams"] == 1
    requests = {r["id"]: r for r in instance["requests"]}
    assert requests[f"r{first.pk}"] == {
        "id": f"r{first.pk}",
        "a": "MA",
        "b": "FR",
        "slots": 2,
        "attendees": 4,
        "priority": 3,
        "heads": ["MA"],
        "preferred": list(range(22, 32)),
    }
    assert instance["fixed"] == [{"request": f"r{second.pk}", "slot": 17, "room": "B02"}]
    assert instance["previous"] == []
    assert mapping.requests[f"r{first.pk}"] == first
    assert fixed.pk


def test_run_schedule_places_accepted_requests_and_records_run(
    assembly, morocco, france, kenya, rooms, fake_solver
):
    first = _accepted(morocco, france, priority="high")
    second = _accepted(kenya, france)
    ScheduleRun.objects.create(assembly=assembly, reason="test")

    run = run_schedule(assembly_id=assembly.pk)

    assert run.status == ScheduleRun.Status.SUCCEEDED
    assert run.figures["created"] == 2
    assert run.figures["placed"] == 2
    assert run.input["requests"][0]["id"] in {f"r{first.pk}", f"r{second.pk}"}
    meetings = Meeting.objects.order_by("starts_at")
    assert [m.status for m in meetings] == ["proposed", "proposed"]
    assert meetings[0].starts_at != meetings[1].starts_at  # France holds one at a time
    assert Notification.objects.filter(
        kind="meetings.scheduled", recipient=morocco.focal_point
    ).exists()


def test_run_schedule_keeps_confirmed_and_reports_unplaced_reason(
    assembly, morocco, france, rooms, organiser, fake_solver, at
):
    DelegationAvailability.objects.create(
        delegation=france, starts_at=at(0, "08:00"), ends_at=at(3, "18:00"), reason="Not there"
    )
    unplaceable = _accepted(morocco, france)
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk)

    assert run.unplaced == [
        {
            "request": f"r{unplaceable.pk}",
            "reason": "MA and FR have no common free slot",
            "code": "no_common_slot",
            "args": {"a": morocco.pk, "b": france.pk},
            "request_id": unplaceable.pk,
            "requester": "Morocco",
            "invitee": "France",
            "topic": "Cooperation",
        }
    ]
    assert not Meeting.objects.exists()
    from apps.meetings.selectors import unplaced_reasons

    assert unplaced_reasons(assembly=assembly) == {
        unplaceable.pk: "Morocco and France have no common free slot"
    }
    morocco.country.name_fr = "Maroc"
    morocco.country.save(update_fields=["name_fr"])
    with translation.override("fr"):  # in the reader's language, with the countries' names
        assert unplaced_reasons(assembly=assembly) == {
            unplaceable.pk: "Maroc et France n\u2019ont aucun créneau libre en commun"
        }
    # A run recorded before reasons carried a code still shows its English text.
    run.unplaced = [
        {"request": f"r{unplaceable.pk}", "reason": "MA and FR have no common free slot"}
    ]
    run.save(update_fields=["unplaced"])
    with translation.override("fr"):
        assert unplaced_reasons(assembly=assembly) == {
            unplaceable.pk: "MA and FR have no common free slot"
        }


def test_run_schedule_never_moves_confirmed_meeting(
    assembly, morocco, france, kenya, rooms, organiser, fake_solver, at
):
    confirmed = services.place_meeting(
        request=_accepted(morocco, france),
        room=rooms[0],
        starts_at=at(2, "16:00"),
        by=organiser,
        confirm=True,
    )
    _accepted(morocco, kenya)
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk)

    confirmed.refresh_from_db()
    assert run.figures["kept"] == 1
    assert run.figures["created"] == 1
    assert (confirmed.room, confirmed.starts_at, confirmed.status) == (
        rooms[0],
        at(2, "16:00"),
        Meeting.Status.CONFIRMED,
    )
    assert fake_solver[0]["fixed"][0]["slot"] == 2 * 16 + 14


def test_run_schedule_withdraws_proposed_meeting_left_unplaced(
    assembly, morocco, france, rooms, organiser, fake_solver, at
):
    meeting = services.place_meeting(
        request=_accepted(morocco, france), room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    DelegationAvailability.objects.create(
        delegation=france, starts_at=at(0, "08:00"), ends_at=at(3, "18:00"), reason="Not there"
    )
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk)

    assert run.figures["withdrawn"] == 1
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.ACCEPTED


def test_run_schedule_refuses_to_run_twice_at_once(assembly, fake_solver):
    ScheduleRun.objects.create(assembly=assembly, status=ScheduleRun.Status.RUNNING)
    ScheduleRun.objects.create(assembly=assembly)

    assert run_schedule(assembly_id=assembly.pk) is None
    assert fake_solver == []
    assert ScheduleRun.objects.filter(status=ScheduleRun.Status.PENDING).count() == 1


def test_request_schedule_run_is_debounced(
    assembly, morocco, france, kenya, django_capture_on_commit_callbacks, sent_tasks
):
    ScheduleRun.objects.create(assembly=assembly, status=ScheduleRun.Status.RUNNING)

    with django_capture_on_commit_callbacks(execute=True):
        _accepted(morocco, france)
        _accepted(kenya, france)
        services.request_schedule_run(assembly_id=assembly.pk, reason="again")

    assert ScheduleRun.objects.filter(status=ScheduleRun.Status.PENDING).count() == 1
    assert sent_tasks == [(assembly.pk,)]


def test_run_schedule_stale_result_is_not_applied(
    assembly, morocco, france, rooms, organiser, monkeypatch, at
):
    _accepted(morocco, france)

    def solver_while_someone_moves(instance, time_limit):
        services.place_meeting(
            request=MeetingRequest.objects.get(),
            room=rooms[0],
            starts_at=at(1, "10:00"),
            by=organiser,
        )
        return {"placements": [], "unplaced": [], "stats": {}}

    monkeypatch.setattr(
        "apps.meetings.scheduler_adapter.runs.run_solver", solver_while_someone_moves
    )
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk)

    assert run.status == ScheduleRun.Status.FAILED
    assert "changed while the scheduler ran" in run.error
    assert Meeting.objects.get().starts_at == at(1, "10:00")
    assert ScheduleRun.objects.filter(status=ScheduleRun.Status.PENDING).count() == 1


def test_start_schedule_run_queues_the_run_for_a_worker(
    assembly,
    morocco,
    france,
    rooms,
    organiser,
    fake_solver,
    sent_tasks,
    django_capture_on_commit_callbacks,
):
    from apps.meetings.services.runs import start_schedule_run

    _accepted(morocco, france)

    with django_capture_on_commit_callbacks(execute=True):
        queued = start_schedule_run(assembly=assembly, by=organiser)

    assert (queued.status, queued.triggered_by) == (ScheduleRun.Status.PENDING, organiser)
    assert queued.queued_at is not None
    assert fake_solver == []  # nothing is solved in the request
    assert sent_tasks == [(assembly.pk,)]
    assert run_schedule(assembly_id=assembly.pk).status == ScheduleRun.Status.SUCCEEDED
    assert Meeting.objects.count() == 1


def test_real_solver_places_and_keeps_fixed(assembly, morocco, france, kenya, rooms, organiser, at):
    pytest.importorskip("apps.meetings.scheduling")
    confirmed = services.place_meeting(
        request=_accepted(morocco, france),
        room=rooms[0],
        starts_at=at(0, "10:00"),
        by=organiser,
        confirm=True,
    )
    _accepted(morocco, kenya, priority="essential", duration_minutes=60)
    _accepted(kenya, france, requester_attendees=5, invitee_attendees=5)
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk, time_limit=5)

    assert run.status == ScheduleRun.Status.SUCCEEDED, run.error
    assert run.figures["placed"] == 3
    assert run.unplaced == []
    confirmed.refresh_from_db()
    assert confirmed.starts_at == at(0, "10:00")
    big = Meeting.objects.get(request__requester=kenya, request__invitee=france)
    assert big.room == rooms[1]  # ten people need the twelve-seat room
    from apps.meetings.scheduling import Instance, Result, check_solution  # noqa: F401 - API

    assert (
        dt.timedelta(minutes=60)
        == Meeting.objects.get(request__requester=morocco, request__invitee=kenya).duration
    )


def test_run_schedule_can_swap_two_proposed_meetings(
    assembly, morocco, france, kenya, rooms, organiser, monkeypatch, at
):
    from tests.meetings.test_services import kenya_like

    japan = kenya_like(morocco)
    one = services.place_meeting(
        request=_accepted(morocco, france), room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    two = services.place_meeting(
        request=_accepted(kenya, japan), room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )

    def swap(instance, time_limit):
        return {
            "placements": [
                {"request": f"r{one.request_id}", "slot": 2, "room": "B02"},
                {"request": f"r{two.request_id}", "slot": 2, "room": "B01"},
            ],
            "unplaced": [],
            "stats": {"placed": 2},
        }

    monkeypatch.setattr("apps.meetings.scheduler_adapter.runs.run_solver", swap)
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk)

    assert run.status == ScheduleRun.Status.SUCCEEDED, run.error
    assert run.figures["moved"] == 2
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.room, two.room) == (rooms[1], rooms[0])


def test_apply_refuses_result_that_oversubscribes_a_delegation(
    assembly, morocco, france, kenya, rooms, monkeypatch
):
    first = _accepted(morocco, france)
    second = _accepted(morocco, kenya)

    def bad(instance, time_limit):
        return {
            "placements": [
                {"request": f"r{first.pk}", "slot": 3, "room": "B01"},
                {"request": f"r{second.pk}", "slot": 3, "room": "B02"},
            ],
            "unplaced": [],
            "stats": {},
        }

    monkeypatch.setattr("apps.meetings.scheduler_adapter.runs.run_solver", bad)
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk)

    assert run.status == ScheduleRun.Status.FAILED
    assert "MA slot 3" in run.error
    assert not Meeting.objects.exists()


def test_run_left_running_by_a_dead_worker_is_written_off(assembly, fake_solver):
    from django.utils import timezone

    stale = ScheduleRun.objects.create(
        assembly=assembly,
        status=ScheduleRun.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(hours=1),
    )
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk)

    stale.refresh_from_db()
    assert stale.status == ScheduleRun.Status.FAILED
    assert run.status == ScheduleRun.Status.SUCCEEDED


def test_finished_run_sends_exactly_one_follow_up(
    assembly, morocco, france, rooms, fake_solver, sent_tasks, django_capture_on_commit_callbacks
):
    ScheduleRun.objects.create(assembly=assembly)

    def solver_during_which_two_changes_arrive(instance, time_limit):
        services.request_schedule_run(assembly_id=assembly.pk, reason="change 1")
        services.request_schedule_run(assembly_id=assembly.pk, reason="change 2")
        return {"placements": [], "unplaced": [], "stats": {}}

    import apps.meetings.scheduler_adapter.runs as adapter

    adapter.run_solver = solver_during_which_two_changes_arrive  # restored by fake_solver
    with django_capture_on_commit_callbacks(execute=True):
        first = run_schedule(assembly_id=assembly.pk)

    assert first.status == ScheduleRun.Status.SUCCEEDED
    assert ScheduleRun.objects.filter(status=ScheduleRun.Status.PENDING).count() == 1
    assert sent_tasks == [(assembly.pk,), (assembly.pk,)]  # on the request, and after the run
    adapter.run_solver = lambda instance, time_limit: {"placements": [], "unplaced": []}
    follow_up = run_schedule(assembly_id=assembly.pk)
    assert follow_up.reason == "change 1"
    assert run_schedule(assembly_id=assembly.pk) is None


def test_run_schedule_confirms_at_once_when_organisers_chose_so(
    assembly, morocco, france, rooms, fake_solver
):
    rules = services.rules_of(assembly)
    rules.auto_confirm = True
    rules.save()
    _accepted(morocco, france)
    ScheduleRun.objects.create(assembly=assembly)

    run_schedule(assembly_id=assembly.pk)

    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.CONFIRMED
    assert (meeting.confirmed_by_requester, meeting.confirmed_by_invitee) == (True, True)
