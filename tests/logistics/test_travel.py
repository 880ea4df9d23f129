"""Travel records: saved by the focal point, passport number encrypted and masked, reads and
exports by organisers audited and permission-bound, erased by the command."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from apps.core.models import AuditEntry
from apps.logistics import services
from apps.logistics.models import TravelRecord
from tests.roles import staff_user

pytestmark = pytest.mark.django_db

ARRIVAL = dt.datetime(2025, 11, 23, 13, 5, tzinfo=dt.UTC)


def _save(delegate, by, **extra):
    fields = {
        "passport_name": "WANJIRU AMINA",
        "nationality": "KE",
        "passport_expiry": dt.date(2030, 1, 31),
        "arrival_flight": "AT801",
        "arrival_airport": "RAK",
        "arrival_at": ARRIVAL,
        **extra,
    }
    return services.save_travel_record(delegate=delegate, by=by, **fields)


def test_passport_number_is_stored_encrypted_and_masked(delegates, focal_point):
    record = _save(delegates[0], focal_point, passport_number="ak 1234567")

    stored = TravelRecord.objects.get(pk=record.pk)
    assert "AK1234567" not in stored.passport_number_encrypted
    assert stored.passport_number_hint == "4567"
    assert stored.masked_passport_number == "•••••4567"
    entry = AuditEntry.objects.get(action="logistics.travel.created")
    assert "AK1234567" not in str(entry.data)
    assert "WANJIRU" not in str(entry.data)


def test_saving_without_a_number_keeps_the_stored_one(delegates, focal_point, organiser):
    record = _save(delegates[0], focal_point, passport_number="AK1234567")
    _save(delegates[0], focal_point, needs="Wheelchair")

    assert services.reveal_passport_number(record=record, by=organiser) == "AK1234567"


def test_bad_passport_number_is_a_field_error(delegates, focal_point):
    with pytest.raises(ValidationError):
        _save(delegates[0], focal_point, passport_number="A-1")
    assert not TravelRecord.objects.exists()


def test_flight_arrival_needs_a_flight_number(delegates, focal_point):
    with pytest.raises(ValidationError) as exc:
        _save(delegates[0], focal_point, arrival_flight="")
    assert "arrival_flight" in exc.value.message_dict


def test_focal_point_of_another_delegation_cannot_save(delegates, other_focal_point):
    with pytest.raises(PermissionDenied):
        _save(delegates[0], other_focal_point)


def test_reveal_is_audited_and_needs_the_permission(delegates, focal_point, organiser):
    from apps.accounts.roles import ORGANISER_READ_ONLY

    record = _save(delegates[0], focal_point, passport_number="AK1234567")
    reader = staff_user("reader@example.org", ORGANISER_READ_ONLY)

    with pytest.raises(PermissionDenied):
        services.reveal_passport_number(record=record, by=reader)
    assert services.reveal_passport_number(record=record, by=organiser) == "AK1234567"

    entries = AuditEntry.objects.filter(action="logistics.passport.revealed")
    assert [entry.actor_id for entry in entries] == [organiser.pk]


def test_export_needs_its_permission_and_is_audited(assembly, delegates, focal_point, organiser):
    from apps.accounts.roles import ORGANISER_READ_ONLY

    _save(delegates[0], focal_point, passport_number="AK1234567")
    reader = staff_user("reader@example.org", ORGANISER_READ_ONLY)

    with pytest.raises(PermissionDenied):
        services.export_passport_data(assembly=assembly, by=reader)
    rows = services.export_passport_data(assembly=assembly, by=organiser)

    assert [row[5] for row in rows] == ["AK1234567"]
    entry = AuditEntry.objects.get(action="logistics.passport.exported")
    assert entry.data["rows"] == 1


def test_erase_command_erases_on_the_assembly_date(assembly, delegates, focal_point, organiser):
    import time_machine

    _save(delegates[0], focal_point, passport_number="AK1234567")
    services.set_passport_erase_date(assembly=assembly, on=dt.date(2025, 12, 31), by=organiser)

    with time_machine.travel(dt.datetime(2025, 12, 30, 12, tzinfo=dt.UTC), tick=False):
        call_command("erase_passport_data")
    assert TravelRecord.objects.get().passport_number_hint == "4567"

    with time_machine.travel(dt.datetime(2025, 12, 31, 0, 30, tzinfo=dt.UTC), tick=False):
        call_command("erase_passport_data")

    record = TravelRecord.objects.get()
    assert (record.passport_number_encrypted, record.passport_number_hint) == ("", "")
    assert (record.passport_name, record.passport_expiry) == ("", None)
    assert record.passport_erased_at is not None
    assert record.arrival_at == ARRIVAL  # transfers still need it
    assert AuditEntry.objects.filter(action="logistics.passport.erased").count() == 1


def test_the_daily_beat_task_erases_what_is_due(
    assembly, delegates, focal_point, organiser, settings
):
    import time_machine

    from apps.logistics.tasks import erase_passport_data_task

    assert settings.CELERY_BEAT_SCHEDULE["logistics.erase_passport_data"]["task"] == (
        erase_passport_data_task.name
    )
    _save(delegates[0], focal_point, passport_number="AK1234567")
    services.set_passport_erase_date(assembly=assembly, on=dt.date(2025, 12, 31), by=organiser)

    with time_machine.travel(dt.datetime(2025, 12, 30, 12, tzinfo=dt.UTC), tick=False):
        assert erase_passport_data_task() == 0
    with time_machine.travel(dt.datetime(2025, 12, 31, 0, 30, tzinfo=dt.UTC), tick=False):
        assert erase_passport_data_task() == 1
        assert erase_passport_data_task() == 0  # the next day's run: nothing left, no entry

    assert TravelRecord.objects.get().passport_number_encrypted == ""
    assert AuditEntry.objects.filter(action="logistics.passport.erased").count() == 1


def test_erase_command_for_one_assembly(assembly, delegates, focal_point):
    _save(delegates[0], focal_point, passport_number="AK1234567")

    call_command("erase_passport_data", "--assembly", str(assembly.number))

    assert TravelRecord.objects.get().passport_number_encrypted == ""


def test_erase_date_must_follow_the_assembly(assembly, organiser):
    from apps.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        services.set_passport_erase_date(assembly=assembly, on=dt.date(2025, 11, 1), by=organiser)
