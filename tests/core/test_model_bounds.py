"""Defect 9 as a class: every field a person fills has a declared bound, checked by the model
(so `full_clean()` in the services applies it to admin, portal, API and imports alike)."""

from __future__ import annotations

from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models

from apps.core.models import validate_time_zone
from apps.core.validators import (
    ListValidator,
    validate_multiline,
    validate_plausible_date,
    validate_single_line,
)
from apps.delegations.models import validate_iso2

PROJECT_APPS = [
    "core",
    "accounts",
    "delegations",
    "agenda",
    "meetings",
    "ceremonies",
    "notifications",
]

# Written by the system, never from what a person types; each says who writes it.
SYSTEM_WRITTEN = {
    "core.AuditEntry.data": "log_action",
    "core.AuditEntry.action": "log_action",
    "core.AuditEntry.object_id": "log_action",
    "core.AuditEntry.object_repr": "log_action (cut to 255)",
    "core.Heartbeat.component": "record_heartbeat",
    "core.Heartbeat.seen_at": "record_heartbeat",
    "core.IdempotencyKey.key": "checked against KEY_PATTERN before it is stored",
    "core.IdempotencyKey.fingerprint": "a SHA-256",
    "accounts.User.password": "the password hasher",
    "accounts.User.last_login": "log-in",
    "accounts.User.date_joined": "account creation",
    "accounts.Invitation.next_url": "the inviting service",
    "accounts.Invitation.expires_at": "the inviting service",
    "accounts.Invitation.used_at": "accepting the invitation",
    "accounts.TotpDevice.confirmed_at": "confirming the device",
    "accounts.TotpDevice.last_used_at": "a code accepted",
    "accounts.RecoveryCode.used_at": "a recovery code used",
    "accounts.ApiToken.last_used_at": "authentication with the key",
    "accounts.ApiToken.revoked_at": "revoke_api_token",
    "agenda.CalendarFeed.rotated_at": "rotate_feed_token",
    "meetings.MeetingRequest.answered_at": "the answering services",
    "meetings.ScheduleRun.input": "the scheduler adapter",
    "meetings.ScheduleRun.figures": "the scheduler adapter",
    "meetings.ScheduleRun.unplaced": "the scheduler adapter",
    "meetings.ScheduleRun.error": "the scheduler task",
    "meetings.ScheduleRun.reason": "the services that ask for a run",
    "meetings.ScheduleRun.started_at": "the scheduler task",
    "meetings.ScheduleRun.finished_at": "the scheduler task",
    "meetings.ScheduleRun.queued_at": "request_schedule_run",
    "meetings.ScheduleRun.heartbeat_at": "the scheduler task",
    "delegations.Delegate.submitted_at": "submit_accreditation",
    "delegations.Delegate.accreditation_number": "approve_accreditation",
    "delegations.Delegate.decided_at": "the deciding services",
    "delegations.Credentials.submitted_at": "upload_credentials",
    "delegations.Credentials.decided_at": "decide_credentials",
    "notifications.Notification.kind": "the services that notify",
    "notifications.Notification.recipient_key": "the outbox",
    "notifications.Notification.language": "the recipient's preference",
    "notifications.Notification.object_id": "the outbox",
    "notifications.Notification.context": "the services that notify",
    "notifications.Notification.last_error": "the delivery",
    "notifications.Notification.due_at": "the services that notify",
    "notifications.Notification.claimed_until": "the dispatcher",
    "notifications.Notification.sent_at": "the delivery",
    "notifications.Notification.read_at": "mark_read",
    "notifications.Notification.retry_at": "the delivery",
    "notifications.MailRelayStatus.down_since": "the delivery",
    "notifications.MailRelayStatus.next_probe_at": "the delivery",
    "notifications.MailRelayStatus.changed_at": "the delivery",
    "notifications.MailRelayStatus.last_error": "the delivery",
    "notifications.NotificationPreference.kind": "set_preferences (known kinds only)",
}


# Stricter than validate_single_line: only a known format passes.
FORMAT_VALIDATORS = [validate_time_zone, validate_iso2]


def _fields():
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                name = f"{app_label}.{model.__name__}.{field.name}"
                if name in SYSTEM_WRITTEN or not field.editable or field.primary_key:
                    continue
                yield name, field


def _has(field, validator_type_or_function) -> bool:
    return any(
        v is validator_type_or_function
        or (
            isinstance(validator_type_or_function, type)
            and isinstance(v, validator_type_or_function)
        )
        for v in field.validators
    )


def test_every_text_field_has_a_length_and_no_control_characters():
    unbounded = [
        name
        for name, field in _fields()
        if isinstance(field, models.TextField)
        and not (
            field.max_length and _has(field, MaxLengthValidator) and _has(field, validate_multiline)
        )
    ]
    assert unbounded == []


def test_every_json_field_has_a_declared_bound():
    unbounded = [
        name
        for name, field in _fields()
        if isinstance(field, models.JSONField)
        and not any(
            isinstance(v, ListValidator) or getattr(v, "__name__", "") == "validate_languages"
            for v in field.validators
        )
    ]
    assert unbounded == []


def test_every_free_text_line_refuses_invisible_characters():
    free = [
        name
        for name, field in _fields()
        if type(field) is models.CharField
        and not field.choices
        and not _has(field, validate_single_line)
        and not any(v in FORMAT_VALIDATORS for v in field.validators)
    ]
    assert free == []


def test_every_date_refuses_implausible_years():
    loose = [
        name
        for name, field in _fields()
        if isinstance(field, models.DateField)  # DateTimeField too
        and not (field.auto_now or field.auto_now_add)
        and not _has(field, validate_plausible_date)
    ]
    assert loose == []
