"""Travel records: saved by focal points and organisers; passport numbers encrypted at rest,
read back in clear only by a named permission, each read and export audited, and erased after
the assembly (on the date set per assembly, by `manage.py erase_passport_data`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.secrets import decrypt, encrypt
from apps.core.services import log_action
from apps.delegations.models import Delegate
from apps.logistics.models import LogisticsSettings, TravelRecord, validate_passport_number
from apps.logistics.permissions import (
    can_edit_travel,
    can_erase_passport_data,
    can_export_passport_data,
    can_reveal_passport_number,
)

PASSPORT_PURPOSE = "logistics.passport-number"
TRAVEL_FIELDS = {
    "passport_name",
    "nationality",
    "passport_expiry",
    "arrival_mode",
    "arrival_flight",
    "arrival_airport",
    "arrival_at",
    "departure_mode",
    "departure_flight",
    "departure_airport",
    "departure_at",
    "hotel_wish",
    "needs",
}
# Never written to the audit log in clear.
PASSPORT_FIELDS = {"passport_name", "passport_expiry", "nationality", "passport_number"}


def _audit_value(name: str, value: Any) -> str:
    return "(changed)" if name in PASSPORT_FIELDS else str(value)


@transaction.atomic
def save_travel_record(
    *, delegate: Delegate, by: Any, passport_number: str | None = None, **fields: Any
) -> TravelRecord:
    """Create or update the delegate's travel record. `passport_number` None keeps the stored
    one, "" removes it; the number is kept only encrypted, with its last four characters."""
    if not can_edit_travel(by, delegate):
        raise PermissionDenied
    unknown = set(fields) - TRAVEL_FIELDS
    if unknown:
        raise ApplicationError(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    record = TravelRecord.objects.select_for_update().filter(
        delegate=delegate
    ).first() or TravelRecord(delegate=delegate)
    creating = record.pk is None
    hotel = fields.get("hotel_wish")
    if hotel is not None and hotel.assembly_id != delegate.delegation.assembly_id:
        raise ApplicationError(
            _("This hotel is not one of this assembly's."),
            extra={"hotel_wish": _("Unknown hotel.")},
        )
    changed = [name for name, value in fields.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, fields[name])
    if passport_number is not None:
        number = passport_number.replace(" ", "").upper()
        if number:
            validate_passport_number(number)
            record.passport_number_encrypted = encrypt(PASSPORT_PURPOSE, number)
            record.passport_number_hint = number[-4:]
        else:
            record.passport_number_encrypted = record.passport_number_hint = ""
        record.passport_erased_at = None
        changed.append("passport_number")
    record.full_clean()
    record.save()
    log_action(
        record,
        "logistics.travel.created" if creating else "logistics.travel.updated",
        by=by,
        changes={name: _audit_value(name, getattr(record, name, "")) for name in changed},
    )
    if not creating:
        from apps.logistics.services.transfers import reassign_after_flight_change

        if "arrival_at" in changed:
            reassign_after_flight_change(record=record, by=by, direction="arrival")
        if "departure_at" in changed:
            reassign_after_flight_change(record=record, by=by, direction="departure")
    return record


@transaction.atomic
def reveal_passport_number(*, record: TravelRecord, by: Any) -> str:
    """The passport number in clear, for an organiser holding the named permission; audited."""
    if not can_reveal_passport_number(by):
        raise PermissionDenied
    log_action(record, "logistics.passport.revealed", by=by)
    if not record.passport_number_encrypted:
        return ""
    return decrypt(PASSPORT_PURPOSE, record.passport_number_encrypted) or ""


EXPORT_HEADER = [
    "delegation",
    "family_name",
    "given_names",
    "passport_name",
    "nationality",
    "passport_number",
    "passport_expiry",
]


@transaction.atomic
def export_passport_data(*, assembly: Assembly, by: Any) -> list[list[str]]:
    """Every travel record's passport data, in clear, for organisers with the export
    permission; the export is audited (who, when, how many rows)."""
    if not can_export_passport_data(by):
        raise PermissionDenied
    records = (
        TravelRecord.objects.filter(delegate__delegation__assembly=assembly)
        .select_related("delegate__delegation__country", "delegate__delegation__organisation")
        .order_by("delegate__delegation_id", "delegate__family_name", "pk")
    )
    rows = [
        [
            record.delegate.delegation.code,
            record.delegate.family_name,
            record.delegate.given_names,
            record.passport_name,
            record.nationality,
            decrypt(PASSPORT_PURPOSE, record.passport_number_encrypted) or ""
            if record.passport_number_encrypted
            else "",
            record.passport_expiry.isoformat() if record.passport_expiry else "",
        ]
        for record in records
    ]
    log_action(assembly, "logistics.passport.exported", by=by, rows=len(rows))
    return rows


@transaction.atomic
def set_passport_erase_date(
    *, assembly: Assembly, on: dt.date | None, by: Any
) -> LogisticsSettings:
    if not can_erase_passport_data(by):
        raise PermissionDenied
    found, _created = LogisticsSettings.objects.get_or_create(assembly=assembly)
    if on is not None and on < assembly.end_date:
        raise ApplicationError(
            _("Passport data is erased after the assembly, not before it ends."),
            extra={"passport_erase_on": _("Choose a day after the assembly.")},
        )
    found.passport_erase_on = on
    found.full_clean()
    found.save()
    log_action(found, "logistics.settings.updated", by=by, passport_erase_on=str(on))
    return found


@transaction.atomic
def erase_passport_data(*, assembly: Assembly, by: Any = None) -> int:
    """Remove passport name, number and expiry of every travel record of the assembly;
    returns how many records held some. Arrival and departure stay (transfers need them)."""
    now = timezone.now()
    records = TravelRecord.objects.filter(delegate__delegation__assembly=assembly).exclude(
        passport_name="", passport_number_encrypted="", passport_expiry__isnull=True
    )
    count = records.update(
        passport_name="",
        passport_number_encrypted="",
        passport_number_hint="",
        passport_expiry=None,
        passport_erased_at=now,
        updated_at=now,
    )
    if count or by is not None:  # the daily run leaves no entry once there is nothing left
        log_action(assembly, "logistics.passport.erased", by=by, records=count)
    return count


def assemblies_due_for_erasure(*, now: dt.datetime | None = None) -> list[Assembly]:
    """Assemblies whose erase date has come in their own zone."""
    now = now or timezone.now()
    candidates = LogisticsSettings.objects.filter(
        passport_erase_on__lte=now.date() + dt.timedelta(days=1)
    ).select_related("assembly")
    return [
        found.assembly
        for found in candidates
        if found.passport_erase_on is not None
        and now.astimezone(found.assembly.tz).date() >= found.passport_erase_on
    ]
