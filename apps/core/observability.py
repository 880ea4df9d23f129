"""Error reporting to Sentry (or a compatible service), started by the settings when
SENTRY_DSN is set: Django and Celery integrations, no personal data, secrets in URLs blanked."""

from __future__ import annotations

from typing import Any, cast


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
        before_send=cast(Any, scrub_event),  # sentry types its events in a private module
    )


def scrub_event(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Blank the secrets of token-carrying routes (feeds, invitations) in the request's URL and
    query string, as the log lines do; tag the event with the request id."""
    from apps.core.logging import current_request_id
    from apps.core.redaction import redact

    request = event.get("request") or {}
    for key in ("url", "query_string"):
        if isinstance(request.get(key), str):
            request[key] = redact(request[key])
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event
