"""Delivering the outbox: the dispatcher starts deliveries, each delivery claims and sends batches.

The beat task `notifications.dispatch_due` runs `dispatch_due_notifications` every few seconds:
it marks rows past their grace period missed and, when rows are due, sends by name up to
NOTIFICATIONS_DELIVERIES `notifications.deliver` tasks, minus the deliveries already at work.
A delivery task (`deliver_due_notifications`) claims due rows itself, a batch at a time, and
sends them over one reused connection until nothing is due or its time is up. Rows are claimed
only by a running delivery, so a task lost with the broker holds no rows: the next tick starts
another. The states and guarantees are written down in docs/notifications.md.
"""

from __future__ import annotations

import datetime as dt
import math
import time
import uuid

from django.utils import timezone

from apps.core import queue
from apps.notifications import conf
from apps.notifications.delivery import claims, relay
from apps.notifications.delivery.sending import Mailer, deliver_batch
from apps.notifications.models import Notification

DELIVER_TASK = "notifications.deliver"
LINGER = dt.timedelta(seconds=1)  # a delivery waits this long for the next row to fall due

__all__ = ["Mailer", "deliver_batch", "deliver_due", "deliver_due_notifications"]


def dispatch_due_notifications(*, now: dt.datetime | None = None) -> int:
    """Mark what is too late, then start the deliveries the due rows need; returns how many."""
    now = now or timezone.now()
    claims.expire_overdue(now=now)
    email = relay.probe_due(now=now)
    batch = conf.batch_size()
    due = (
        Notification.objects.filter(claims.claimable(now=now, email=email))
        .values("pk")[: batch * conf.deliveries()]
        .count()
    )
    if not due:
        return 0
    wanted = min(conf.deliveries(), math.ceil(due / batch)) - claims.deliveries_at_work(now=now)
    for _ in range(wanted):
        # A delivery not started within a few ticks is dropped; the next tick sends another.
        queue.send_task(DELIVER_TASK, expires=conf.lease().total_seconds())
    return max(wanted, 0)


def _next_due_within(limit: dt.timedelta) -> dt.timedelta | None:
    now = timezone.now()
    upcoming = (
        Notification.objects.filter(
            status=Notification.Status.PENDING, due_at__gt=now, due_at__lte=now + limit
        )
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    return None if upcoming is None else upcoming - now


def deliver_due_notifications(*, seconds: float | None = None) -> int:
    """One delivery task: batches of due rows over one connection, for at most `seconds`.

    Returns how many rows it handled. When nothing is due but a row falls due within a second,
    it waits for it rather than leaving it to the next dispatcher tick.
    """
    deadline = time.monotonic() + (seconds if seconds is not None else conf.delivery_seconds())
    token = uuid.uuid4()
    mailer = Mailer()
    handled = 0
    try:
        while time.monotonic() < deadline:
            outcomes = deliver_batch(mailer=mailer, token=token)
            handled += len(outcomes)
            if outcomes:
                continue
            wait = _next_due_within(LINGER)
            if wait is None:
                break
            time.sleep(min(wait.total_seconds(), max(deadline - time.monotonic(), 0)))
    finally:
        mailer.close()
    return handled


def deliver_due(*, now: dt.datetime | None = None, ids: list[int] | None = None) -> dict[int, str]:
    """Deliver one batch of due rows at once (optionally only `ids`), on a connection of its own."""
    mailer = Mailer()
    try:
        return deliver_batch(mailer=mailer, now=now, ids=ids)
    finally:
        mailer.close()
