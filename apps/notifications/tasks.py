"""Thin Celery wrappers: the dispatcher (beat, every few seconds), delivery, the daily digest."""

from celery import shared_task


@shared_task(name="notifications.dispatch_due", ignore_result=True)
def dispatch_due_notifications_task() -> int:
    from apps.notifications.services import dispatch_due_notifications

    return len(dispatch_due_notifications())


@shared_task(name="notifications.deliver", ignore_result=True)
def deliver_notification_task(notification_id: int) -> str | None:
    """Retries are the dispatcher's: a failed attempt leaves a lease as long as the back-off."""
    from apps.notifications.services import deliver_notification

    return deliver_notification(notification_id=notification_id)


@shared_task(name="notifications.queue_daily_digests", ignore_result=True)
def queue_daily_digests_task() -> int:
    from apps.notifications.services import queue_daily_digests

    return queue_daily_digests()
