"""Core's periodic task: a heartbeat so /healthz can tell whether workers and beat run."""

from celery import shared_task


@shared_task(name="core.record_heartbeat")
def record_heartbeat_task(component: str = "worker") -> None:
    from apps.core.services import record_heartbeat

    record_heartbeat(component=component)
