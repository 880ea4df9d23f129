"""Writes of the core app: the audit log, the current assembly, heartbeats."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.models import AdminEdition, Assembly, AuditEntry, Heartbeat, IdempotencyKey
from apps.core.permissions import can_prepare_next_edition, can_reopen_assembly

# How long a write's key is remembered: long past any client's retries, short enough to purge.
IDEMPOTENCY_KEY_TTL = dt.timedelta(hours=24)


def log_action(obj: models.Model, action: str, *, by: Any = None, **data: Any) -> AuditEntry:
    """Record `action` (``<app>.<entity>.<past-verb>``) on `obj`; every service calls this."""
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        data=data,
    )


@transaction.atomic
def create_assembly(*, by: Any = None, **fields: Any) -> Assembly:
    """A new edition; the model's checks (dates, time zone, number) apply before it is saved."""
    assembly = Assembly(**fields)
    assembly.full_clean()
    assembly.save()
    log_action(assembly, "core.assembly.created", by=by, number=assembly.number)
    return assembly


@transaction.atomic
def make_assembly_current(*, assembly: Assembly, by: Any = None) -> Assembly:
    """Only one assembly is current: clear the flag elsewhere first, then set it here."""
    Assembly.objects.filter(is_current=True).exclude(pk=assembly.pk).update(is_current=False)
    if not assembly.is_current:
        assembly.is_current = True
        assembly.save(update_fields=["is_current", "updated_at"])
        log_action(assembly, "core.assembly.made_current", by=by)
    return assembly


def record_heartbeat(*, component: str) -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(
        component=component, defaults={"seen_at": timezone.now()}
    )
    return heartbeat


def claim_idempotency_key(*, user: Any, key: str, fingerprint: str) -> IdempotencyKey | None:
    """Inside the caller's transaction: None if this is the first write with `key` (the key is
    now held until the transaction ends), else the earlier write's record.

    A concurrent holder of the same key makes the insert wait until it commits (then its record
    is returned) or rolls back (then this write goes ahead). Expired keys are forgotten first.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_idempotency_key must run inside the write's transaction")
    IdempotencyKey.objects.filter(
        user=user, created_at__lt=timezone.now() - IDEMPOTENCY_KEY_TTL
    ).delete()
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint)
    except IntegrityError:
        return IdempotencyKey.objects.get(user=user, key=key)
    return None


def record_idempotent_outcome(
    *, user: Any, key: str, status_code: int, response: dict[str, Any]
) -> None:
    """What a retry with `key` gets back; call it in the same transaction as the claim."""
    IdempotencyKey.objects.filter(user=user, key=key).update(
        status_code=status_code, response=response
    )


@transaction.atomic
def choose_admin_edition(*, user: Any, assembly: Assembly) -> AdminEdition:
    """Remember the edition `user` works on in the administration."""
    choice, _created = AdminEdition.objects.update_or_create(
        user=user, defaults={"assembly": assembly}
    )
    return choice


@transaction.atomic
def set_assembly_state(*, assembly: Assembly, state: str, by: Any = None) -> Assembly:
    """Move an edition through its lifecycle (preparing → … → archived); audited."""
    previous = assembly.state
    assembly.state = state
    if state not in Assembly.PAST_STATES:
        assembly.reopened = False
    assembly.full_clean()
    assembly.save(update_fields=["state", "reopened", "updated_at"])
    if previous != state:
        log_action(assembly, "core.assembly.state_changed", by=by, before=previous, after=state)
    return assembly


@transaction.atomic
def reopen_assembly(*, assembly: Assembly, by: Any) -> Assembly:
    """Let organisers change a past edition again; only with the named permission."""
    if not can_reopen_assembly(by):
        raise PermissionDenied
    if not assembly.is_past:
        raise ApplicationError(_("Only an ended or archived edition can be reopened."))
    if not assembly.reopened:
        assembly.reopened = True
        assembly.save(update_fields=["reopened", "updated_at"])
        log_action(assembly, "core.assembly.reopened", by=by)
    return assembly


@transaction.atomic
def close_reopened_assembly(*, assembly: Assembly, by: Any) -> Assembly:
    """Make a reopened past edition read-only again."""
    if not can_reopen_assembly(by):
        raise PermissionDenied
    if assembly.reopened:
        assembly.reopened = False
        assembly.save(update_fields=["reopened", "updated_at"])
        log_action(assembly, "core.assembly.closed_again", by=by)
    return assembly


@transaction.atomic
def prepare_next_edition(
    *,
    previous: Assembly,
    number: int,
    name: str,
    city: str,
    country: str,
    time_zone: str,
    start_date: dt.date,
    end_date: dt.date,
    by: Any,
) -> tuple[Assembly, dict[str, int]]:
    """After the flag handover: the next edition, in "preparing", from the previous one.

    Carried over here: the languages and the bilateral slot grid. Each app carries over its own
    part through the hooks of `apps.core.editions.register_carry_over` (member countries'
    delegations with their focal points re-invited, quota settings, bilateral rules, the
    ceremonies as templates with times relative to their start). Not
    carried over: venue, rooms, programme, delegates, credentials, meetings. Reminder rules and
    organisers' roles are not per edition, so they stay as they are.
    """
    from apps.core.editions import carry_overs

    if not can_prepare_next_edition(by):
        raise PermissionDenied
    if number <= previous.number:
        raise ApplicationError(
            _("The next edition's number must be above %(number)d.") % {"number": previous.number},
            extra={"number": [_("Choose a higher number.")]},
        )
    assembly = Assembly(
        number=number,
        name=name,
        city=city,
        country=country,
        time_zone=time_zone,
        start_date=start_date,
        end_date=end_date,
        state=Assembly.State.PREPARING,
        languages=list(previous.languages),
        meeting_day_start=previous.meeting_day_start,
        meeting_day_end=previous.meeting_day_end,
        meeting_slot_minutes=previous.meeting_slot_minutes,
    )
    assembly.full_clean()
    assembly.save()
    counts: dict[str, int] = {}
    for _name, carry in carry_overs():
        counts.update(carry(previous=previous, new=assembly, by=by))
    log_action(assembly, "core.assembly.prepared", by=by, previous=previous.number, carried=counts)
    return assembly, counts
