from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.ceremonies import services
from apps.ceremonies.models import Ceremony, CeremonyRole, RoleKind
from apps.ceremonies.selectors import ceremony_timeline, console_state
from apps.core.errors import ApplicationError, ConflictError
from apps.core.models import AuditEntry
from apps.notifications.models import Notification
from tests.ceremonies.factories import CeremonyFactory, CueFactory
from tests.factories import UserFactory

UTC = dt.UTC


def future(days=3, hour=12, minute=30):
    """A time still ahead (reminders are only queued for what has not happened yet)."""
    day = timezone.now() + dt.timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def local(ceremony, instant):
    return instant.astimezone(ceremony.assembly.tz).strftime("%H:%M")


@pytest.mark.django_db
def test_timeline_planned_starts_follow_durations(ceremony, organiser):
    for title, minutes in [("Welcome", 5), ("Speeches", 40), ("Flag handover", 15)]:
        services.add_cue(ceremony=ceremony, title_en=title, duration_minutes=minutes, by=organiser)

    rows = ceremony_timeline(ceremony)

    assert [(row.cue.title_en, local(ceremony, row.planned_start)) for row in rows] == [
        ("Welcome", "14:00"),
        ("Speeches", "14:05"),
        ("Flag handover", "14:45"),
    ]
    assert local(ceremony, rows[-1].planned_end) == "15:00"


@pytest.mark.django_db
def test_add_cue_overrunning_session_says_by_how_much(ceremony, organiser):
    services.add_cue(ceremony=ceremony, title_en="Speeches", duration_minutes=100, by=organiser)

    with pytest.raises(ApplicationError) as error:
        services.add_cue(ceremony=ceremony, title_en="Photo", duration_minutes=35, by=organiser)

    assert "overruns by 15 minutes" in error.value.message
    assert error.value.extra == {"overrun_minutes": 15}
    assert list(ceremony.cues.values_list("title_en", flat=True)) == ["Speeches"]


@pytest.mark.django_db
def test_check_fits_accepts_run_filling_the_session_exactly(ceremony):
    services.check_fits(ceremony=ceremony, durations=[60, 60])


@pytest.mark.django_db
def test_update_cue_longer_duration_is_refused_when_it_overruns(ceremony, organiser):
    cue = services.add_cue(
        ceremony=ceremony, title_en="Speeches", duration_minutes=60, by=organiser
    )

    with pytest.raises(ApplicationError, match="overruns by 1 minutes"):
        services.update_cue(cue=cue, duration_minutes=121, by=organiser)


@pytest.mark.django_db
def test_reorder_cues_changes_timeline_and_is_audited(ceremony, organiser):
    a = services.add_cue(ceremony=ceremony, title_en="A", duration_minutes=10, by=organiser)
    b = services.add_cue(ceremony=ceremony, title_en="B", duration_minutes=20, by=organiser)
    c = services.add_cue(ceremony=ceremony, title_en="C", duration_minutes=30, by=organiser)

    services.reorder_cues(ceremony=ceremony, cue_ids=[c.pk, a.pk, b.pk], by=organiser)

    rows = ceremony_timeline(ceremony)
    assert [
        (row.cue.title_en, row.cue.order, local(ceremony, row.planned_start)) for row in rows
    ] == [
        ("C", 1, "14:00"),
        ("A", 2, "14:30"),
        ("B", 3, "14:40"),
    ]
    assert AuditEntry.objects.filter(action="ceremonies.cue.reordered").count() == 1


@pytest.mark.django_db
def test_reorder_cues_rejects_incomplete_list(ceremony, organiser):
    a = services.add_cue(ceremony=ceremony, title_en="A", duration_minutes=10, by=organiser)
    services.add_cue(ceremony=ceremony, title_en="B", duration_minutes=10, by=organiser)

    with pytest.raises(ApplicationError, match="exactly once"):
        services.reorder_cues(ceremony=ceremony, cue_ids=[a.pk, a.pk], by=organiser)


@pytest.mark.django_db
def test_mark_final_refused_while_required_roles_are_missing(ceremony, organiser):
    ceremony.required_roles = [RoleKind.PRESIDENT, RoleKind.FLAG_BEARER]
    ceremony.save()
    services.assign_role(ceremony=ceremony, kind=RoleKind.PRESIDENT, guest_name="P", by=organiser)

    with pytest.raises(ApplicationError, match="flag bearer") as error:
        services.mark_final(ceremony=ceremony, by=organiser)

    assert error.value.extra == {"missing_roles": ["flag_bearer"]}
    ceremony.refresh_from_db()
    assert ceremony.status == Ceremony.Status.DRAFT


@pytest.mark.django_db
def test_mark_final_when_roles_filled_and_run_fits(ceremony, organiser):
    ceremony.required_roles = [RoleKind.PRESIDENT]
    ceremony.save()
    services.assign_role(ceremony=ceremony, kind=RoleKind.PRESIDENT, guest_name="P", by=organiser)
    services.add_cue(ceremony=ceremony, title_en="Speech", duration_minutes=20, by=organiser)

    services.mark_final(ceremony=ceremony, by=organiser)

    ceremony.refresh_from_db()
    assert ceremony.status == Ceremony.Status.FINAL
    assert AuditEntry.objects.filter(action="ceremonies.ceremony.finalised").count() == 1


@pytest.mark.django_db
def test_mark_final_refused_when_session_was_shortened(ceremony, organiser):
    services.add_cue(ceremony=ceremony, title_en="Speech", duration_minutes=90, by=organiser)
    session = ceremony.session
    session.ends_at = session.starts_at + dt.timedelta(minutes=60)
    session.save()

    with pytest.raises(ApplicationError, match="overruns by 30 minutes"):
        services.mark_final(ceremony=ceremony, by=organiser)


@pytest.mark.django_db
def test_flag_handover_needs_both_hosts(assembly, organiser):
    ceremony = CeremonyFactory.build(assembly=assembly, kind=Ceremony.Kind.FLAG_HANDOVER)
    ceremony.session.save()
    ceremony.session_id = ceremony.session.pk

    with pytest.raises(ValidationError) as error:
        ceremony.full_clean()

    assert set(error.value.message_dict) == {"outgoing_country", "incoming_country"}


@pytest.mark.django_db
def test_advance_cue_records_actual_times_and_ahead_behind(ceremony, organiser):
    first = CueFactory(ceremony=ceremony, title_en="Welcome", duration_minutes=5)
    second = CueFactory(ceremony=ceremony, title_en="Speech", duration_minutes=10)
    start = ceremony.session.starts_at

    services.advance_cue(
        ceremony=ceremony,
        expected_current_id=None,
        by=organiser,
        now=start + dt.timedelta(minutes=1),
    )
    services.advance_cue(
        ceremony=ceremony,
        expected_current_id=first.pk,
        by=organiser,
        now=start + dt.timedelta(minutes=8),
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.actual_started_at == start + dt.timedelta(minutes=1)
    assert second.actual_started_at == start + dt.timedelta(minutes=8)
    state = console_state(Ceremony.objects.get(pk=ceremony.pk))
    assert state["current"]["id"] == second.pk
    assert state["next"] is None
    assert state["delta_minutes"] == 3
    assert state["delta_label"] == "3 min behind"
    assert AuditEntry.objects.filter(action="ceremonies.cue.started").count() == 2


@pytest.mark.django_db
def test_advance_cue_double_click_changes_nothing(ceremony, organiser):
    CueFactory(ceremony=ceremony)
    second = CueFactory(ceremony=ceremony)
    services.advance_cue(ceremony=ceremony, expected_current_id=None, by=organiser)

    with pytest.raises(ConflictError):
        services.advance_cue(ceremony=ceremony, expected_current_id=None, by=organiser)

    second.refresh_from_db()
    assert second.actual_started_at is None


@pytest.mark.django_db
def test_advance_cue_after_last_ends_the_run(ceremony, organiser):
    only = CueFactory(ceremony=ceremony, duration_minutes=10)
    start = ceremony.session.starts_at
    services.advance_cue(ceremony=ceremony, expected_current_id=None, by=organiser, now=start)

    services.advance_cue(
        ceremony=ceremony,
        expected_current_id=only.pk,
        by=organiser,
        now=start + dt.timedelta(minutes=8),
    )

    state = console_state(Ceremony.objects.get(pk=ceremony.pk))
    assert state["ended"] is True
    assert state["current"] is None
    assert state["delta_label"] == "2 min ahead"


@pytest.mark.django_db
def test_advance_cue_refused_for_non_organiser(ceremony):
    CueFactory(ceremony=ceremony)

    with pytest.raises(PermissionDenied):
        services.advance_cue(ceremony=ceremony, expected_current_id=None, by=UserFactory())


@pytest.mark.django_db
def test_assign_role_notifies_and_reminds_before_call_time(
    ceremony, organiser, delegate, focal_point
):
    call = future()

    role = services.assign_role(
        ceremony=ceremony,
        kind=RoleKind.OUTGOING_HOST,
        delegate=delegate,
        call_time=call,
        position="Centre stage, left of the lectern",
        by=organiser,
    )

    rows = Notification.objects.filter(object_id=str(role.pk)).order_by("kind", "recipient_key")
    assert sorted({(n.kind, n.recipient_key) for n in rows}) == [
        ("ceremonies.call_time", "email:amina@example.org"),
        ("ceremonies.call_time", f"user:{focal_point.pk}"),
        ("ceremonies.role_assigned", "email:amina@example.org"),
        ("ceremonies.role_assigned", f"user:{focal_point.pk}"),
    ]
    reminder = rows.filter(kind="ceremonies.call_time").first()
    assert reminder.due_at == call - services.CALL_TIME_LEAD
    assert reminder.context["position"] == "Centre stage, left of the lectern"


@pytest.mark.django_db
def test_moving_call_time_cancels_and_recreates_reminders(ceremony, organiser, delegate):
    call = future()
    role = services.assign_role(
        ceremony=ceremony,
        kind=RoleKind.FLAG_BEARER,
        delegate=delegate,
        call_time=call,
        by=organiser,
    )

    services.update_role(role=role, call_time=call + dt.timedelta(minutes=15), by=organiser)

    reminders = Notification.objects.filter(kind="ceremonies.call_time", object_id=str(role.pk))
    assert sorted((n.status, n.due_at.strftime("%H:%M")) for n in reminders) == [
        ("cancelled", "10:30"),
        ("pending", "10:45"),
    ]


@pytest.mark.django_db
def test_saving_role_unchanged_keeps_its_reminder(ceremony, organiser, delegate):
    call = future()
    role = services.assign_role(
        ceremony=ceremony,
        kind=RoleKind.FLAG_BEARER,
        delegate=delegate,
        call_time=call,
        by=organiser,
    )

    services.update_role(role=role, position="Stage right", by=organiser)

    reminders = Notification.objects.filter(kind="ceremonies.call_time", object_id=str(role.pk))
    assert [n.status for n in reminders] == ["pending"]


@pytest.mark.django_db
def test_rehearsal_reminds_people_called_and_moves_with_it(
    ceremony, organiser, delegate, focal_point
):
    role = services.assign_role(
        ceremony=ceremony, kind=RoleKind.FLAG_BEARER, delegate=delegate, by=organiser
    )
    guest = services.assign_role(
        ceremony=ceremony, kind=RoleKind.MASTER_OF_CEREMONIES, guest_name="MC", by=organiser
    )
    starts = future(days=4, hour=17, minute=0)

    rehearsal = services.schedule_rehearsal(
        ceremony=ceremony,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        place="Plenary hall stage",
        attendees=[role, guest],
        by=organiser,
    )
    services.update_rehearsal(
        rehearsal=rehearsal,
        starts_at=starts + dt.timedelta(hours=1),
        ends_at=starts + dt.timedelta(hours=2),
        by=organiser,
    )

    reminders = Notification.objects.filter(
        kind="ceremonies.rehearsal", object_id=str(rehearsal.pk)
    )
    assert sorted((n.recipient_key, n.status, n.due_at.hour) for n in reminders) == [
        ("email:amina@example.org", "cancelled", 17),
        ("email:amina@example.org", "pending", 18),
        (f"user:{focal_point.pk}", "cancelled", 17),
        (f"user:{focal_point.pk}", "pending", 18),
    ]


@pytest.mark.django_db
def test_remove_role_cancels_its_reminders(ceremony, organiser, delegate):
    call = future()
    role = services.assign_role(
        ceremony=ceremony,
        kind=RoleKind.FLAG_BEARER,
        delegate=delegate,
        call_time=call,
        by=organiser,
    )
    role_id = role.pk

    services.remove_role(role=role, by=organiser)

    assert not CeremonyRole.objects.filter(pk=role_id).exists()
    statuses = set(
        Notification.objects.filter(
            kind="ceremonies.call_time", object_id=str(role_id)
        ).values_list("status", flat=True)
    )
    assert statuses == {"cancelled"}


@pytest.mark.django_db
def test_role_needs_a_delegate_or_a_guest(ceremony, organiser):
    with pytest.raises(ValidationError):
        services.assign_role(ceremony=ceremony, kind=RoleKind.PRESIDENT, by=organiser)


@pytest.mark.django_db
def test_set_precedence_ranks_in_given_order(ceremony, organiser):
    president = services.assign_role(
        ceremony=ceremony, kind=RoleKind.PRESIDENT, guest_name="The President", by=organiser
    )

    rows = services.set_precedence(
        ceremony=ceremony,
        entries=[
            {"role": president, "seat": "A1", "speaks": True},
            {"name": "Minister of the Interior", "seat": "A2", "speaks": True},
        ],
        by=organiser,
    )

    assert [(row.rank, row.person_name, row.seat) for row in ceremony.precedence.all()] == [
        (1, "The President", "A1"),
        (2, "Minister of the Interior", "A2"),
    ]
    assert len(rows) == 2


@pytest.mark.django_db
def test_console_rehearsal_run_on_another_day_is_measured_from_first_cue(ceremony, organiser):
    first = CueFactory(ceremony=ceremony, duration_minutes=5)
    CueFactory(ceremony=ceremony, duration_minutes=10)
    rehearsal_start = ceremony.session.starts_at - dt.timedelta(days=1, hours=2)
    services.advance_cue(
        ceremony=ceremony, expected_current_id=None, by=organiser, now=rehearsal_start
    )
    services.advance_cue(
        ceremony=ceremony,
        expected_current_id=first.pk,
        by=organiser,
        now=rehearsal_start + dt.timedelta(minutes=7),
    )

    state = console_state(Ceremony.objects.get(pk=ceremony.pk))

    assert state["rebased"] is True
    assert state["delta_minutes"] == 2
    assert "first cue" in state["note"]
