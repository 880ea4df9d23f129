"""Reads of the notifications app, scoped to the asking user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from apps.notifications import conf
from apps.notifications.models import MailRelayStatus, Notification, NotificationPreference


def inbox_for(user) -> QuerySet[Notification]:
    """The user's in-portal notifications that have been delivered, newest first."""
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.PORTAL, status=Notification.Status.SENT
    ).order_by("-due_at", "-pk")


def unread_count_for(user) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()


def preferences_for(user) -> dict[str, bool]:
    """{kind: enabled} for every optional kind; a kind without a row is on."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "enabled"))
    return {kind: chosen.get(kind, True) for kind in conf.optional_kinds()}


def outbox_counts() -> dict[str, int]:
    """How many rows per status, for the organisers' outbox page."""
    counts = dict(
        Notification.objects.values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Notification.Status.values}


def outbox_health(*, now: dt.datetime | None = None) -> dict[str, Any]:
    """Figures an operator watches (health checks, metrics), in two queries.

    pending              rows waiting, due or not
    due                  rows due now and not being sent: the backlog
    in_flight            rows a delivery holds (claimed or being handed to the relay)
    failed / missed      rows that will not be sent: refused for good / too late
    possibly_duplicated  rows that may have reached their recipient twice
    sent_last_minute     deliveries in the last minute
    oldest_due_seconds   how long the oldest row still to send has been due (0 if none)
    relay_down_seconds   how long the mail relay has been unreachable (0 if it answers)
    relay_error          the relay's last error while it is unreachable
    """
    now = now or timezone.now()
    Status = Notification.Status
    working = (Status.CLAIMED, Status.SENDING)
    due = Q(status=Status.PENDING, due_at__lte=now)
    figures = Notification.objects.aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        due=Count("pk", filter=due),
        in_flight=Count("pk", filter=Q(status__in=working)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        missed=Count("pk", filter=Q(status=Status.MISSED)),
        possibly_duplicated=Count("pk", filter=Q(possibly_duplicate=True)),
        sent_last_minute=Count(
            "pk", filter=Q(status=Status.SENT, sent_at__gt=now - dt.timedelta(minutes=1))
        ),
        oldest_due=Min("due_at", filter=due | Q(status__in=working, due_at__lte=now)),
    )
    oldest = figures.pop("oldest_due")
    relay = MailRelayStatus.objects.filter(down_since__isnull=False).first()
    return {
        **figures,
        "oldest_due_seconds": (now - oldest).total_seconds() if oldest else 0.0,
        "relay_down_seconds": (
            (now - relay.down_since).total_seconds() if relay and relay.down_since else 0.0
        ),
        "relay_error": relay.last_error if relay else "",
    }


def outbox_problems(figures: dict[str, Any]) -> list[str]:
    """What in `outbox_health()` figures an operator must act on (readiness fails on it)."""
    problems = []
    if figures["oldest_due_seconds"] > settings.GA_HEALTH_OUTBOX_MAX_LATENESS:
        problems.append(f"oldest due row waits {figures['oldest_due_seconds']:.0f} s")
    if figures["due"] > settings.GA_HEALTH_OUTBOX_MAX_BACKLOG:
        problems.append(f"{figures['due']} rows due")
    if figures["failed"] > settings.GA_HEALTH_OUTBOX_MAX_FAILED:
        problems.append(f"{figures['failed']} rows failed")
    if figures["relay_down_seconds"] > settings.GA_HEALTH_RELAY_MAX_DOWN:
        problems.append(f"mail relay down for {figures['relay_down_seconds']:.0f} s")
    return problems
