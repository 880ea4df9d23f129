"""Writing to the outbox, and the organisers' and recipients' changes to it.

Other apps call `notify`, `remind_at`, `cancel_pending` and `schedule_reminders` inside their own
service's transaction: the rows commit or roll back with the change they announce. Creating the
same notification twice is a no-op (the unique key). Delivering the rows is
`apps.notifications.delivery` (docs/notifications.md).

Preferences are applied at delivery, not at creation: turning a kind off also silences the
reminders already scheduled, and turning it back on brings back those still to come.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from apps.core.services import log_action
from apps.notifications import conf
from apps.notifications.models import Notification, NotificationPreference, ReminderRule

# A User; or, for people without an account (delegates), an e-mail address or a tuple
# (address, language) so the message is written in their language.
Recipient = Any
Status = Notification.Status


def _rows(
    *,
    kind: str,
    subject: models.Model | None,
    recipients: Iterable[Recipient],
    due_at: dt.datetime,
    channels: Iterable[str],
    context: dict[str, Any],
) -> list[Notification]:
    content_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    object_id = str(subject.pk) if subject is not None else ""
    channels = tuple(channels)
    rows = []
    seen = set()
    for recipient in recipients:
        if isinstance(recipient, tuple):  # (address, language) for a delegate without account
            address, language = recipient
            user, email, key = None, address.lower(), f"email:{address.lower()}"
        elif isinstance(recipient, str):
            user, email, key, language = None, recipient.lower(), f"email:{recipient.lower()}", "en"
        else:
            user, email, key = recipient, "", f"user:{recipient.pk}"
            language = getattr(recipient, "preferred_language", "en") or "en"
        for channel in channels:
            if channel == Notification.Channel.PORTAL and user is None:
                continue  # the inbox needs an account
            if (key, channel) in seen:
                continue
            seen.add((key, channel))
            rows.append(
                Notification(
                    kind=kind,
                    recipient=user,
                    recipient_email=email,
                    recipient_key=key,
                    language=context.get("language") or language or "en",
                    content_type=content_type,
                    object_id=object_id,
                    channel=channel,
                    due_at=due_at,
                    context=context,
                )
            )
    return rows


def _write(rows: list[Notification], *, now: dt.datetime | None = None) -> None:
    """Insert the rows; a key that exists already is left alone, unless it was cancelled.

    A meeting moved away and back to its first time meets its own cancelled rows (same key):
    those become pending again, with the new context, when their moment is still to come.
    """
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    now = now or timezone.now()
    fresh = {
        (r.kind, r.content_type_id, r.object_id, r.recipient_key, r.channel, r.due_at): r
        for r in rows
        if r.due_at > now
    }
    if not fresh:
        return
    cancelled = Notification.objects.filter(
        kind__in={key[0] for key in fresh},
        object_id__in={key[2] for key in fresh},
        due_at__in={key[5] for key in fresh},
        status=Status.CANCELLED,
    )
    for row in cancelled:
        new = fresh.get(
            (
                row.kind,
                row.content_type_id,
                row.object_id,
                row.recipient_key,
                row.channel,
                row.due_at,
            )
        )
        if new is None:
            continue
        row.status = Status.PENDING
        row.context = new.context
        row.attempts = 0
        row.last_error = ""
        row.retry_at = None
        row.possibly_duplicate = False
        row.save(
            update_fields=[
                "status",
                "context",
                "attempts",
                "last_error",
                "retry_at",
                "possibly_duplicate",
                "updated_at",
            ]
        )


def remind_at(
    *,
    kind: str,
    subject: models.Model | None,
    recipients: Iterable[Recipient],
    due_at: dt.datetime,
    channels: Iterable[str] = (Notification.Channel.EMAIL,),
    context: dict[str, Any] | None = None,
) -> None:
    """Queue a message for `due_at`; a row that already exists (same key) is left as it is,
    unless it was cancelled and is still to come: then it is pending again."""
    _write(
        _rows(
            kind=kind,
            subject=subject,
            recipients=recipients,
            due_at=due_at.replace(microsecond=0),
            channels=channels,
            context=context or {},
        )
    )


def notify(
    *,
    kind: str,
    subject: models.Model | None,
    recipients: Iterable[Recipient],
    channels: Iterable[str] = (Notification.Channel.EMAIL, Notification.Channel.PORTAL),
    context: dict[str, Any] | None = None,
) -> None:
    """Queue a message due now (the dispatcher picks it up within seconds)."""
    remind_at(
        kind=kind,
        subject=subject,
        recipients=recipients,
        due_at=timezone.now(),
        channels=channels,
        context=context,
    )


def _about(subject: models.Model) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk))


def cancel_pending(*, subject: models.Model, kinds: Iterable[str] | None = None) -> int:
    """Cancel what is not sent yet about `subject` (a moved or cancelled meeting or session).

    A claimed row is cancelled too: its delivery hands a row to the relay only if it is still
    claimed. A row already handed over is left to finish, unless its delivery died.
    """
    now = timezone.now()
    qs = Notification.objects.filter(
        Q(status__in=Notification.OPEN_STATUSES) | Q(status=Status.SENDING, claimed_until__lt=now),
        _about(subject),
    )
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs.update(status=Status.CANCELLED, claim=None, claimed_until=None, updated_at=now)


def sync_reminders(
    *,
    kind: str,
    subject: models.Model,
    recipients: Iterable[Recipient],
    due_at: dt.datetime | None,
    context: dict[str, Any] | None = None,
) -> None:
    """Make the pending e-mail reminders of `kind` about `subject` exactly one per recipient at
    `due_at` (none when `due_at` is None).

    Unchanged: nothing is touched (no row cancelled and written again). Changed (moved, other
    people): what is pending is cancelled, then the new set is queued.
    """
    wanted: set[tuple[str, dt.datetime]] = set()
    if due_at is not None:
        due_at = due_at.replace(microsecond=0)
        rows = _rows(
            kind=kind,
            subject=subject,
            recipients=recipients,
            due_at=due_at,
            channels=(Notification.Channel.EMAIL,),
            context=context or {},
        )
        wanted = {(row.recipient_key, row.due_at) for row in rows}
    pending = set(
        Notification.objects.filter(_about(subject), kind=kind, status=Status.PENDING).values_list(
            "recipient_key", "due_at"
        )
    )
    if pending == wanted:
        return
    if pending:
        cancel_pending(subject=subject, kinds=[kind])
    if due_at is not None and wanted:
        remind_at(kind=kind, subject=subject, recipients=recipients, due_at=due_at, context=context)


# Reminder rules ------------------------------------------------------------------------------


def _audience(recipients, audience: str) -> list[Recipient]:
    if not isinstance(recipients, Mapping):
        return list(recipients)
    if audience == ReminderRule.Audience.ALL:
        return [person for group in recipients.values() for person in group]
    return list(recipients.get(audience, ()))


@transaction.atomic
def schedule_reminders(
    *,
    subject: models.Model,
    starts_at: dt.datetime | None,
    recipients: Iterable[Recipient] | Mapping[str, Iterable[Recipient]],
    subject_kind: str = ReminderRule.SubjectKind.MEETING,
    compulsory: bool = False,
    context: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Replace the reminders about `subject` by those the active rules give for `starts_at`.

    One call for "scheduled", "moved" (new time) and "cancelled" (`starts_at=None`): pending
    reminders of the subject are cancelled, then one row per active rule, recipient and channel
    is written. `recipients` is a list (everyone concerned) or a mapping by audience
    ({"focal_points": [...], "delegates": [...]}) for rules meant for one group. A reminder whose
    moment has already passed is not written. Returns the number of reminders now pending.
    """
    kind = conf.REMINDER_KINDS[subject_kind]
    now = now or timezone.now()
    cancel_pending(subject=subject, kinds=[kind])
    if starts_at is None:
        return 0
    rules = ReminderRule.objects.filter(active=True, subject_kind=subject_kind)
    if not compulsory:
        rules = rules.filter(compulsory_only=False)
    rows = []
    for rule in rules:
        if rule.offset_minutes is None:  # a digest rule's time is a time of day (constraint)
            continue
        due_at = (starts_at - dt.timedelta(minutes=rule.offset_minutes)).replace(microsecond=0)
        if due_at <= now:
            continue
        rows += _rows(
            kind=kind,
            subject=subject,
            recipients=_audience(recipients, rule.audience),
            due_at=due_at,
            channels=rule.channel_list,
            context={
                **(context or {}),
                "starts_at": starts_at.isoformat(),
                "minutes_before": rule.offset_minutes,
                "title": str(subject),
            },
        )
    _write(rows, now=now)
    return Notification.objects.filter(_about(subject), kind=kind, status=Status.PENDING).count()


def _digest_recipients(assembly) -> list[Any]:
    """The focal points of the assembly's delegations (Delegation.focal_points, "delegations")."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True, delegations__assembly=assembly)
        .distinct()
        .order_by("pk")
    )


def queue_daily_digests(*, now: dt.datetime | None = None) -> int:
    """Write the next morning digest for every focal point, for each active digest rule.

    Runs often (the beat task); the unique key makes every run after the first a no-op. The
    next digest is today's at the rule's local time if still to come, else tomorrow's, and only
    on the assembly's days. The content is computed at delivery.
    """
    from apps.core.selectors import current_assembly

    assembly = current_assembly()
    if assembly is None:
        return 0
    now = now or timezone.now()
    local_now = now.astimezone(assembly.tz)
    rules = ReminderRule.objects.filter(active=True, subject_kind=ReminderRule.SubjectKind.DIGEST)
    written = 0
    recipients = None
    for rule in rules:
        if rule.time_of_day is None:  # a digest rule has its time of day (constraint)
            continue
        day = local_now.date()
        due_at = dt.datetime.combine(day, rule.time_of_day, tzinfo=assembly.tz)
        if due_at <= local_now:
            day += dt.timedelta(days=1)
            due_at = dt.datetime.combine(day, rule.time_of_day, tzinfo=assembly.tz)
        if not assembly.start_date <= day <= assembly.end_date:
            continue
        if recipients is None:
            recipients = _digest_recipients(assembly)
        rows_due = due_at.astimezone(dt.UTC)
        with transaction.atomic():
            rows = _rows(
                kind=conf.DAILY_DIGEST,
                subject=assembly,
                recipients=recipients,
                due_at=rows_due,
                channels=rule.channel_list,
                context={"date": day.isoformat()},
            )
            existing = Notification.objects.filter(kind=conf.DAILY_DIGEST, due_at=rows_due)
            before = existing.count()
            Notification.objects.bulk_create(rows, ignore_conflicts=True)
            written += existing.count() - before
    return written


# Inbox, preferences, organisers' actions ---------------------------------------------------


def mark_read(*, notification: Notification, user) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def mark_all_read(*, user) -> int:
    now = timezone.now()
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.PORTAL, read_at__isnull=True
    ).update(read_at=now, updated_at=now)


@transaction.atomic
def set_preferences(*, user, enabled: Mapping[str, bool]) -> list[NotificationPreference]:
    """Record the user's choice for each optional kind; unknown kinds are ignored."""
    optional = conf.optional_kinds()
    changed = []
    for kind, on in enabled.items():
        if kind not in optional:
            continue
        preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
        if preference is None:
            if on:
                continue  # no row means on
            preference = NotificationPreference(user=user, kind=kind, enabled=on)
        elif preference.enabled == on:
            continue
        preference.enabled = on
        preference.full_clean()
        preference.save()
        changed.append(preference)
    if changed:
        log_action(
            user,
            "notifications.preferences.changed",
            by=user,
            **{p.kind: p.enabled for p in changed},
        )
    return changed


def _move(notification: Notification, *, when: Iterable[str], **fields: Any) -> bool:
    """Change a row only if it is still in one of the statuses `when` (a delivery may be at it)."""
    moved = Notification.objects.filter(pk=notification.pk, status__in=list(when)).update(
        updated_at=timezone.now(), **fields
    )
    return moved == 1


@transaction.atomic
def resend_notifications(*, notifications: Iterable[Notification], by) -> int:
    """Organiser action: failed (or missed) rows go back to pending, due now."""
    count = 0
    for notification in notifications:
        if _move(
            notification,
            when=(Status.FAILED, Status.MISSED),
            status=Status.PENDING,
            attempts=0,
            retry_at=None,
            claim=None,
            claimed_until=None,
            due_at=timezone.now().replace(microsecond=0),
        ):
            log_action(notification, "notifications.notification.resent", by=by)
            count += 1
    return count


@transaction.atomic
def cancel_notifications(*, notifications: Iterable[Notification], by) -> int:
    """Organiser action: cancel rows not handed to the relay yet."""
    count = 0
    for notification in notifications:
        if _move(
            notification,
            when=Notification.OPEN_STATUSES,
            status=Status.CANCELLED,
            claim=None,
            claimed_until=None,
            last_error="cancelled by an organiser",
        ):
            log_action(notification, "notifications.notification.cancelled", by=by)
            count += 1
    return count


@transaction.atomic
def add_reminder_rule(*, name: str, by: Any = None, **fields: Any) -> ReminderRule:
    """A reminder rule (the defaults come from a data migration; organisers add more)."""
    rule = ReminderRule(name=name, **fields)
    rule.full_clean()
    rule.save()
    log_action(rule, "notifications.rule.created", by=by)
    return rule


@transaction.atomic
def settle_backlog(*, by: Any, now: dt.datetime | None = None) -> int:
    """Count every pending row already due as delivered without sending it.

    For data loaded as history (the demo): notices its services wrote about the past would
    otherwise leave as a burst of e-mail at start. Portal notices stay unread in the inbox.
    """
    now = now or timezone.now()
    count = Notification.objects.filter(status=Status.PENDING, due_at__lte=now).update(
        status=Status.SENT, sent_at=now, updated_at=now
    )
    if count and by is not None:  # the audit entry is about the organiser who settled them
        log_action(by, "notifications.backlog.settled", by=by, count=count)
    return count
