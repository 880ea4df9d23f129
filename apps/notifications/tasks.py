"""Thin Celery wrappers: the dispatcher (beat, every few seconds), deliveries, the daily digest.

The services send these by name (apps.core.queue), so nothing imports this module back.
"""

from celery import shared_task


@shared_task(name="notifications.dispatch_due", ignore_result=True)
def dispatch_due_notifications_task() -> int:
    from apps.notifications.delivery import dispatch_due_notifications

    return dispatch_due_notifications()


@shared_task(name="notifications.deliver", ignore_result=True, soft_time_limit=120, time_limit=150)
def deliver_due_notifications_task() -> int:
    """Retries are the outbox's: a row not sent stays due, or waits for its back-off."""
    from apps.notifications.delivery import deliver_due_notifications

    return deliver_due_notifications()


@shared_task(name="notifications.queue_daily_digests", ignore_result=True)
def queue_daily_digests_task() -> int:
    from apps.notifications.services import queue_daily_digests

    return queue_daily_digests()
