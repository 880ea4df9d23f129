"""Writing to the outbox: "notify now", "remind at T", "cancel what is pending".

Call these inside your own service's transaction: the rows commit or roll back with the
change they announce. Creating the same notification twice is a no-op (the unique key).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from apps.notifications.models import Notification

Recipient = Any  # a User, or an e-mail address for people without an account (delegates)


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
    rows = []
    for recipient in recipients:
        if isinstance(recipient, str):
            user, email, key, language = None, recipient.lower(), f"email:{recipient.lower()}", "en"
        else:
            user, email, key = recipient, "", f"user:{recipient.pk}"
            language = getattr(recipient, "preferred_language", "en") or "en"
        for channel in channels:
            if channel == Notification.Channel.PORTAL and user is None:
                continue  # the inbox needs an account
            rows.append(
                Notification(
                    kind=kind,
                    recipient=user,
                    recipient_email=email,
                    recipient_key=key,
                    language=context.get("language", language),
                    content_type=content_type,
                    object_id=object_id,
                    channel=channel,
                    due_at=due_at,
                    context=context,
                )
            )
    return rows


def remind_at(
    *,
    kind: str,
    subject: models.Model | None,
    recipients: Iterable[Recipient],
    due_at: dt.datetime,
    channels: Iterable[str] = (Notification.Channel.EMAIL,),
    context: dict[str, Any] | None = None,
) -> None:
    """Queue a message for `due_at`; a row that already exists (same key) is left as it is."""
    rows = _rows(
        kind=kind,
        subject=subject,
        recipients=recipients,
        due_at=due_at.replace(microsecond=0),
        channels=channels,
        context=context or {},
    )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)


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


def cancel_pending(*, subject: models.Model, kinds: Iterable[str] | None = None) -> int:
    """Cancel what is still pending about `subject` (a moved or cancelled meeting or session)."""
    qs = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        status=Notification.Status.PENDING,
    )
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs.update(status=Notification.Status.CANCELLED, updated_at=timezone.now())
