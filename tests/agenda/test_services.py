import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError

from apps.agenda import services
from apps.agenda.models import Session
from apps.agenda.selectors import busy_intervals, busy_intervals_for_delegation
from apps.core.errors import ConflictError
from apps.core.models import AuditEntry
from apps.notifications.models import Notification
from tests.agenda.factories import SessionFactory, local


def _create(assembly, room, start, end, **extra):
    return services.create_session(
        assembly=assembly,
        kind=Session.Kind.PLENARY,
        title_en=extra.pop("title_en", "Plenary"),
        starts_at=start,
        ends_at=end,
        room=room,
        **extra,
    )


def test_create_session_saves_utc_and_audits(assembly, hall, organiser):
    session = _create(assembly, hall, local(2025, 11, 25, 9), local(2025, 11, 25, 10), by=organiser)

    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2025, 11, 25, 8, 0, tzinfo=dt.UTC)
    assert AuditEntry.objects.get(object_id=str(session.pk)).action == "agenda.session.created"


def test_create_session_rejects_room_clash_naming_the_session(assembly, hall):
    _create(assembly, hall, local(2025, 11, 25, 9), local(2025, 11, 25, 11), title_en="Opening")

    with pytest.raises(ConflictError) as caught:
        _create(assembly, hall, local(2025, 11, 25, 10), local(2025, 11, 25, 12))

    assert "Opening" in caught.value.message
    assert "10:00" not in caught.value.message  # names the clash's own times
    assert "09:00 Marrakech (UTC+1)" in caught.value.message
    assert Session.objects.count() == 1


class _DriverError(Exception):
    """Stands for the database driver's error, which carries the SQLSTATE."""

    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _save_failing_with(sqlstate):
    def save(self, *args, **kwargs):
        raise OperationalError(f"SQLSTATE {sqlstate}") from _DriverError(sqlstate)

    return save


def test_deadlock_on_the_room_constraint_is_a_clash_not_a_crash(assembly, hall, monkeypatch):
    # PostgreSQL may answer concurrent inserts into one room with "deadlock detected"
    # (40P01) instead of the exclusion violation: the loser lost the same race.
    monkeypatch.setattr(Session, "save", _save_failing_with("40P01"))

    with pytest.raises(ConflictError):
        _create(assembly, hall, local(2025, 11, 25, 9), local(2025, 11, 25, 10))


def test_other_database_errors_on_save_are_not_hidden(assembly, hall, monkeypatch):
    monkeypatch.setattr(Session, "save", _save_failing_with("08006"))  # connection failure

    with pytest.raises(OperationalError):
        _create(assembly, hall, local(2025, 11, 25, 9), local(2025, 11, 25, 10))


def test_create_session_allows_back_to_back_in_one_room(assembly, hall):
    _create(assembly, hall, local(2025, 11, 25, 9), local(2025, 11, 25, 10))
    _create(assembly, hall, local(2025, 11, 25, 10), local(2025, 11, 25, 11))

    assert Session.objects.filter(room=hall).count() == 2


def test_cancelled_session_frees_its_room(assembly, hall):
    first = _create(assembly, hall, local(2025, 11, 25, 9), local(2025, 11, 25, 10))
    services.cancel_session(session=first)

    second = _create(assembly, hall, local(2025, 11, 25, 9), local(2025, 11, 25, 10))

    assert second.pk != first.pk


def test_create_session_rejects_dates_outside_the_assembly(assembly, hall):
    with pytest.raises(ValidationError) as caught:
        _create(assembly, hall, local(2025, 11, 28, 9), local(2025, 11, 28, 10))

    assert "between 2025-11-24 and 2025-11-27" in str(caught.value)


def test_session_ending_at_local_midnight_is_within_the_last_day(assembly):
    session = _create(assembly, None, local(2025, 11, 27, 20), local(2025, 11, 28, 0))

    assert session.pk


def test_update_session_raises_sequence_and_notifies_focal_points(
    assembly, hall, focal_point, other_delegation
):
    session = _create(
        assembly,
        hall,
        local(2025, 11, 25, 9),
        local(2025, 11, 25, 10),
        visibility=Session.Visibility.PUBLISHED,
    )

    services.move_session(
        session=session,
        starts_at=local(2025, 11, 25, 11),
        ends_at=local(2025, 11, 25, 12),
        room=hall,
    )

    session.refresh_from_db()
    assert session.sequence == 1
    rows = Notification.objects.filter(kind="agenda.session_changed", channel="email")
    recipients = sorted(rows.values_list("recipient__email", flat=True))
    assert recipients == ["focal.fr@example.org", "focal.ke@example.org"]
    assert rows.first().context["change"] == "moved"
    assert rows.first().context["previous_starts_at"] == "2025-11-25T08:00:00+00:00"


def test_update_draft_session_notifies_nobody(assembly, hall, focal_point):
    session = _create(assembly, hall, local(2025, 11, 25, 9), local(2025, 11, 25, 10))

    services.move_session(
        session=session, starts_at=local(2025, 11, 25, 11), ends_at=local(2025, 11, 25, 12)
    )

    assert Notification.objects.count() == 0


def test_cancel_invited_session_notifies_only_invited(assembly, delegation, other_delegation):
    session = _create(
        assembly,
        None,
        local(2025, 11, 25, 9),
        local(2025, 11, 25, 10),
        visibility=Session.Visibility.PUBLISHED,
        attendance=Session.Attendance.INVITED,
        invited_delegations=[delegation],
    )

    services.cancel_session(session=session)

    rows = Notification.objects.filter(kind="agenda.session_changed", channel="email")
    assert list(rows.values_list("recipient__email", flat=True)) == ["focal.fr@example.org"]
    assert rows.get().context["change"] == "cancelled"


def test_move_cancels_pending_reminders(assembly, focal_point):
    from apps.notifications.services import remind_at

    session = SessionFactory(assembly=assembly)
    remind_at(
        kind="agenda.session_reminder",
        subject=session,
        recipients=[focal_point],
        due_at=local(2025, 11, 25, 8),
    )

    services.move_session(
        session=session, starts_at=local(2025, 11, 25, 11), ends_at=local(2025, 11, 25, 12)
    )

    reminder = Notification.objects.get(kind="agenda.session_reminder")
    assert reminder.status == Notification.Status.CANCELLED


def test_publish_and_unpublish_raise_sequence(assembly, organiser):
    session = SessionFactory(assembly=assembly, visibility=Session.Visibility.DRAFT)

    assert services.publish_sessions(sessions=[session], by=organiser) == 1
    assert services.unpublish_sessions(sessions=[session], by=organiser) == 1

    session.refresh_from_db()
    assert session.visibility == Session.Visibility.DRAFT
    assert session.sequence == 2


def test_duplicate_session_is_a_draft_without_room(assembly, hall):
    original = _create(
        assembly,
        hall,
        local(2025, 11, 25, 9),
        local(2025, 11, 25, 10),
        visibility=Session.Visibility.PUBLISHED,
    )
    original.speakers.create(name="Guest Speaker")

    copy = services.duplicate_session(session=original)

    assert copy.pk != original.pk
    assert (copy.room, copy.visibility, copy.title_en) == (None, "draft", "Plenary")
    assert list(copy.speakers.values_list("name", flat=True)) == ["Guest Speaker"]


def test_duplicate_session_to_next_day_keeps_room(assembly, hall):
    original = _create(assembly, hall, local(2025, 11, 25, 9), local(2025, 11, 25, 10))

    copy = services.duplicate_session(session=original, shift=dt.timedelta(days=1))

    assert copy.room == hall
    assert copy.starts_at == local(2025, 11, 26, 9)


def test_busy_intervals_hold_compulsory_published_sessions(assembly, delegation):
    SessionFactory(assembly=assembly, attendance="all")
    SessionFactory(
        assembly=assembly,
        attendance="heads",
        starts_at=local(2025, 11, 25, 14),
    )
    SessionFactory(assembly=assembly, attendance="open", starts_at=local(2025, 11, 25, 16))
    SessionFactory(assembly=assembly, attendance="all", visibility="draft")
    invited = SessionFactory(
        assembly=assembly, attendance="invited", starts_at=local(2025, 11, 26, 9)
    )
    invited.invited_delegations.add(delegation)

    assert busy_intervals(assembly=assembly) == [
        (local(2025, 11, 25, 9), local(2025, 11, 25, 10)),
        (local(2025, 11, 25, 14), local(2025, 11, 25, 15)),
    ]
    assert busy_intervals_for_delegation(delegation=delegation)[-1] == (
        local(2025, 11, 26, 9),
        local(2025, 11, 26, 10),
    )


def test_rotate_feed_token_changes_it(delegation):
    from apps.agenda.feeds import feed_by_token, feed_token

    feed = services.feed_for(delegation=delegation)
    old = feed_token(feed)

    services.rotate_feed_token(feed=feed)

    feed.refresh_from_db()
    assert feed_token(feed) != old
    assert len(feed_token(feed)) >= 40
    assert feed_by_token(old) is None
    assert feed_by_token(feed_token(feed)) == feed


def test_unpublishing_a_published_session_tells_focal_points(assembly, focal_point):
    session = SessionFactory(assembly=assembly)

    services.unpublish_sessions(sessions=[session])

    row = Notification.objects.get(kind="agenda.session_changed", channel="email")
    assert (row.recipient, row.context["change"]) == (focal_point, "withdrawn")


def test_busy_slots_for_delegation_are_the_overlapped_meeting_slots(assembly, delegation):
    from apps.agenda.selectors import busy_slots_for_delegation, meeting_slots

    SessionFactory(
        assembly=assembly, starts_at=local(2025, 11, 25, 9), ends_at=local(2025, 11, 25, 10, 15)
    )

    slots = meeting_slots(assembly=assembly)
    busy = busy_slots_for_delegation(delegation=delegation)

    assert len(slots) == 4 * 16  # 09:00-17:00, 30 minutes, four days
    assert slots[0] == (local(2025, 11, 24, 9), local(2025, 11, 24, 9, 30))
    assert sorted(busy) == [
        local(2025, 11, 25, 9),
        local(2025, 11, 25, 9, 30),
        local(2025, 11, 25, 10),
    ]
