"""On PostgreSQL, organisers moving meetings at the same moment can never double-book."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from apps.core.errors import ConflictError
from apps.meetings import services
from apps.meetings.models import Meeting

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _accepted(requester, invitee, topic):
    request = services.request_meeting(
        requester=requester, invitee=invitee, topic=topic, by=requester.focal_point
    )
    return services.accept_meeting_request(request=request, by=invitee.focal_point)


def _race(moves):
    """Run each move in its own thread and connection, released together; collect outcomes."""
    barrier = threading.Barrier(len(moves))
    outcomes: list[str] = []

    def worker(move):
        try:
            barrier.wait()
            move()
            outcomes.append("ok")
        except ConflictError as exc:
            outcomes.append(f"conflict: {exc.message}")
        except ValidationError as exc:
            outcomes.append(f"validation: {exc.messages}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(move,)) for move in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _overlapping_in(room):
    return [
        (a.pk, b.pk)
        for a in Meeting.objects.filter(room=room)
        for b in Meeting.objects.filter(room=room)
        if a.pk < b.pk and a.starts_at < b.ends_at and b.starts_at < a.ends_at
    ]


def test_concurrent_moves_into_one_room_book_it_once(morocco, france, kenya, rooms, organiser, at):
    assert connection.vendor == "postgresql"
    from tests.meetings.test_services import kenya_like

    japan = kenya_like(morocco)
    first = services.place_meeting(
        request=_accepted(morocco, france, "Drugs"),
        room=rooms[0],
        starts_at=at(0, "10:00"),
        by=organiser,
    )
    second = services.place_meeting(
        request=_accepted(kenya, japan, "Wildlife"),
        room=rooms[1],
        starts_at=at(0, "10:00"),
        by=organiser,
    )
    target = at(1, "14:00")

    outcomes = _race(
        [
            lambda: services.move_meeting(
                meeting=first, room=rooms[1], starts_at=target, by=organiser
            ),
            lambda: services.move_meeting(
                meeting=second, room=rooms[1], starts_at=target, by=organiser
            ),
        ]
    )

    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "ok"]
    assert Meeting.objects.filter(room=rooms[1], starts_at=target).count() == 1
    assert _overlapping_in(rooms[1]) == []


def test_concurrent_moves_for_one_delegation_respect_its_teams(
    morocco, france, kenya, rooms, organiser, at
):
    first = services.place_meeting(
        request=_accepted(morocco, france, "Drugs"),
        room=rooms[0],
        starts_at=at(0, "10:00"),
        by=organiser,
    )
    second = services.place_meeting(
        request=_accepted(morocco, kenya, "Wildlife"),
        room=rooms[1],
        starts_at=at(0, "11:00"),
        by=organiser,
    )
    target = at(2, "15:00")

    outcomes = _race(
        [
            lambda: services.move_meeting(
                meeting=first, room=rooms[0], starts_at=target, by=organiser
            ),
            lambda: services.move_meeting(
                meeting=second, room=rooms[1], starts_at=target, by=organiser
            ),
        ]
    )

    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "ok"]
    assert "Morocco already has 1 meeting(s) then" in next(o for o in outcomes if o != "ok")
    assert Meeting.objects.filter(starts_at=target).count() == 1


def test_exclusion_constraint_refuses_overlap_written_around_the_service(
    morocco, france, kenya, rooms, organiser, at
):
    from django.db import IntegrityError

    first = services.place_meeting(
        request=_accepted(morocco, france, "Drugs"),
        room=rooms[0],
        starts_at=at(0, "10:00"),
        by=organiser,
    )
    second = services.place_meeting(
        request=_accepted(kenya, kenya_like_second(morocco), "Wildlife"),
        room=rooms[1],
        starts_at=at(0, "11:00"),
        by=organiser,
    )

    with pytest.raises(IntegrityError) as error:
        Meeting.objects.filter(pk=second.pk).update(
            room=rooms[0], starts_at=first.starts_at, ends_at=first.ends_at
        )

    assert error.value.__cause__.sqlstate == "23P01"


def kenya_like_second(morocco):
    from tests.meetings.test_services import kenya_like

    return kenya_like(morocco)


def test_concurrent_duplicate_requests_leave_one(morocco, france):
    def ask(requester, invitee):
        return lambda: services.request_meeting(
            requester=requester, invitee=invitee, topic="Same", by=requester.focal_point
        )

    barrier_outcomes = _race([ask(morocco, france), ask(france, morocco)])

    assert sorted(o.split(":")[0] for o in barrier_outcomes) in (
        ["conflict", "ok"],
        ["ok", "validation"],
    )
    from apps.meetings.models import MeetingRequest

    assert MeetingRequest.objects.count() == 1


def test_losers_of_a_placement_race_are_told_what_they_clash_with(assembly, rooms, organiser, at):
    from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory

    def delegation(iso2):
        made = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2=iso2))
        made.focal_point = UserFactory()
        made.focal_points.add(made.focal_point)
        return made

    pairs = [(delegation(f"A{chr(65 + i)}"), delegation(f"B{chr(65 + i)}")) for i in range(8)]
    requests = [_accepted(a, b, f"Topic {i}") for i, (a, b) in enumerate(pairs)]
    target = at(2, "11:00")

    outcomes = _race(
        [
            (
                lambda r=request: services.place_meeting(
                    request=r, room=rooms[1], starts_at=target, by=organiser
                )
            )
            for request in requests
        ]
    )

    winner = Meeting.objects.get(room=rooms[1], starts_at=target)
    losers = [o for o in outcomes if o != "ok"]
    assert outcomes.count("ok") == 1
    assert len(losers) == 7
    named = f"conflict: Room B02 is already taken by {winner.request.requester} and"
    assert all(loser.startswith(named) for loser in losers), losers
