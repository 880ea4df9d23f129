"""Reads of the notifications app, scoped to the asking user."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from apps.notifications import conf
from apps.notifications.models import Notification, NotificationPreference


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
