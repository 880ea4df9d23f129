"""Which outbox rows a delivery may take, and taking them under a lease.

A claim is a lease with a token: the delivery that claimed a row is the only one that may move
it on (every later update names the token), and when its lease runs out (the delivery died)
the next delivery takes the row again. A row taken back from `sending` may already have reached
its recipient: it is flagged "possibly sent twice" before it is sent again.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Concat

from apps.notifications import conf
from apps.notifications.models import Notification

Status = Notification.Status
WORKING = (Status.CLAIMED, Status.SENDING)
TOO_LATE = "too late to send"


def claimable(*, now: dt.datetime, email: bool = True) -> Q:
    """Due rows not held by a living delivery; e-mail rows only when the relay may be used."""
    due = Q(status=Status.PENDING, due_at__lte=now) & (
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )
    abandoned = Q(status__in=WORKING, claimed_until__lt=now)
    query = due | abandoned
    if not email:
        query &= Q(channel=Notification.Channel.PORTAL)
    return query


def claim_batch(
    *,
    token: uuid.UUID,
    now: dt.datetime,
    limit: int,
    email: bool = True,
    ids: list[int] | None = None,
) -> list[Notification]:
    """Take up to `limit` claimable rows, oldest due first; skips rows another claim has locked."""
    query = claimable(now=now, email=email)
    if ids is not None:
        query &= Q(pk__in=ids)
    with transaction.atomic():
        taken = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(query)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not taken:
            return []
        Notification.objects.filter(pk__in=taken).update(
            # Evaluated on the row as it was: one taken back from `sending` may have arrived.
            possibly_duplicate=Case(
                When(status=Status.SENDING, then=Value(True)), default=F("possibly_duplicate")
            ),
            status=Status.CLAIMED,
            claim=token,
            claimed_until=now + conf.lease(),
            updated_at=now,
        )
    return list(
        Notification.objects.filter(pk__in=taken, claim=token)
        .select_related("recipient")
        .order_by("due_at", "pk")
    )


def renew(*, token: uuid.UUID, now: dt.datetime) -> None:
    """Extend the lease on the rows this delivery still holds and has not started sending."""
    Notification.objects.filter(claim=token, status=Status.CLAIMED).update(
        claimed_until=now + conf.lease()
    )


def release(*, token: uuid.UUID, now: dt.datetime) -> int:
    """Give back the rows this delivery holds and has not started sending (the relay is down)."""
    return Notification.objects.filter(claim=token, status=Status.CLAIMED).update(
        status=Status.PENDING, claim=None, claimed_until=None, updated_at=now
    )


def expire_overdue(*, now: dt.datetime) -> int:
    """Waiting rows past their kind's grace period become missed: too late to be useful."""
    reason = Case(
        When(last_error="", then=Value(TOO_LATE)),
        default=Concat(Value(TOO_LATE + "; last error: "), F("last_error")),
        output_field=TextField(),
    )
    waiting = Notification.objects.filter(status=Status.PENDING)
    graced = conf.graced_kinds()
    expired = 0
    for kind in sorted(graced):
        expired += waiting.filter(kind=kind, due_at__lt=now - conf.grace(kind)).update(
            status=Status.MISSED, last_error=reason, retry_at=None, updated_at=now
        )
    expired += (
        waiting.exclude(kind__in=graced)
        .filter(due_at__lt=now - conf.DEFAULT_GRACE)
        .update(status=Status.MISSED, last_error=reason, retry_at=None, updated_at=now)
    )
    return expired


def deliveries_at_work(*, now: dt.datetime) -> int:
    """How many deliveries hold rows under a living lease (one claim token each)."""
    return (
        Notification.objects.filter(status__in=WORKING, claimed_until__gte=now)
        .values("claim")
        .distinct()
        .count()
    )
