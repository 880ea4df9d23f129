"""The room-clash rule in the database itself, including under concurrent inserts."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from apps.agenda import services
from apps.agenda.models import Session
from apps.core.errors import ConflictError
from tests.agenda.factories import RoomFactory, VenueFactory, local
from tests.factories import AssemblyFactory

pytestmark = [pytest.mark.postgres]


def _room():
    assembly = AssemblyFactory(is_current=True)
    return assembly, RoomFactory(venue=VenueFactory(assembly=assembly), code="PL")


def _session(assembly, room, hour, title):
    return Session(
        assembly=assembly,
        kind=Session.Kind.PLENARY,
        title_en=title,
        room=room,
        starts_at=local(2025, 11, 25, hour),
        ends_at=local(2025, 11, 25, hour + 2),
    )


@pytest.mark.django_db
def test_exclusion_constraint_rejects_overlap_written_around_the_service():
    assembly, room = _room()
    _session(assembly, room, 9, "Opening").save()

    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        _session(assembly, room, 10, "Clash").save()

    assert caught.value.__cause__.sqlstate == "23P01"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname = 'agenda_session_room_no_overlap'"
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_exclusion_constraint_allows_back_to_back_and_cancelled():
    assembly, room = _room()
    _session(assembly, room, 9, "First").save()
    _session(assembly, room, 11, "Second").save()  # [09:00, 11:00) then [11:00, 13:00)
    cancelled = _session(assembly, room, 10, "Cancelled")
    cancelled.cancelled = True
    cancelled.save()

    assert Session.objects.count() == 3


def _run_in_thread(target, results, key):
    def runner():
        try:
            results[key] = target()
        except Exception as exc:  # the test inspects whatever happened
            results[key] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=runner)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_concurrent_insert_waits_then_gets_conflict_naming_the_clash():
    """A holds the room uncommitted; B's check cannot see it, so the constraint decides."""
    assembly, room = _room()
    inserted, results = threading.Event(), {}

    def first():
        with transaction.atomic():
            session = services.create_session(
                assembly=assembly,
                kind="plenary",
                title_en="Executive Committee elections",
                starts_at=local(2025, 11, 26, 9),
                ends_at=local(2025, 11, 26, 11),
                room=room,
            )
            inserted.set()
            threading.Event().wait(0.5)  # keep the transaction open while B inserts
        return session

    def second():
        inserted.wait(5)
        return services.create_session(
            assembly=assembly,
            kind="side_event",
            title_en="Side event",
            starts_at=local(2025, 11, 26, 10),
            ends_at=local(2025, 11, 26, 12),
            room=room,
        )

    threads = [_run_in_thread(first, results, "a"), _run_in_thread(second, results, "b")]
    for thread in threads:
        thread.join(15)

    assert isinstance(results["a"], Session)
    assert isinstance(results["b"], ConflictError)
    assert "Executive Committee elections" in results["b"].message
    assert list(Session.objects.values_list("title_en", flat=True)) == [
        "Executive Committee elections"
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_inserts_at_once_keep_exactly_one():
    assembly, room = _room()
    barrier, results = threading.Barrier(4), {}

    def attempt(n):
        def run():
            barrier.wait(5)
            return services.create_session(
                assembly=assembly,
                kind="plenary",
                title_en=f"Attempt {n}",
                starts_at=local(2025, 11, 25, 14),
                ends_at=local(2025, 11, 25, 15),
                room=room,
            )

        return run

    threads = [_run_in_thread(attempt(n), results, n) for n in range(4)]
    for thread in threads:
        thread.join(15)

    created = [r for r in results.values() if isinstance(r, Session)]
    refused = [r for r in results.values() if isinstance(r, ConflictError)]
    assert (len(created), len(refused)) == (1, 3), results
    assert Session.objects.count() == 1
