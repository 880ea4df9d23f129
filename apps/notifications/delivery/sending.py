"""Sending a claimed batch: one reused connection, the send outside any transaction.

Each e-mail row goes claimed → sending (committed before the message is handed to the relay)
→ sent. A crash between the two commits leaves the row in `sending`; once its lease runs out the
next delivery takes it again and flags it "possibly sent twice" (claims.py). Errors are sorted:

- the message cannot be written (template, data) or the relay refuses it or its recipient for
  good (a 5xx reply): `failed`, never retried;
- the relay refuses the recipient for now (a 4xx reply): retried after a back-off, until the
  kind's grace period says it is too late (`missed`);
- the relay is down, silent or closes the connection: the relay is marked down (relay.py), the
  row and the rest of the batch wait in the outbox, and sending resumes when the relay answers.
  A message cut off while being handed over may have arrived: the row is flagged.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone

from apps.notifications import conf
from apps.notifications.delivery import claims, relay
from apps.notifications.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)
Status = Notification.Status

FAILED, LATER, RELAY = "failed", "later", "relay"


class Mailer:
    """One connection to the mail backend, opened on first use and reused for every message."""

    def __init__(self) -> None:
        self.connection: Any = None

    def open(self) -> None:
        if self.connection is None:
            connection = get_connection(fail_silently=False)
            connection.open()
            self.connection = connection

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: S110 - a connection that broke is dropped all the same
                pass


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def classify(exc: BaseException) -> tuple[str, bool]:
    """(what to do, whether the message may have arrived) for an error raised while sending."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return (FAILED if codes and all(code >= 500 for code in codes) else LATER), False
    if isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code != 421:
        return (FAILED if exc.smtp_code >= 500 else LATER), False
    if isinstance(exc, smtplib.SMTPResponseException):
        return RELAY, False  # the relay answered (sender refused, 421, log-in): nothing arrived
    return RELAY, True  # cut off or silent: the message may have been handed over


def _finish(row: Notification, token: uuid.UUID, status: str, *, now, **fields) -> bool:
    """Move a row this delivery holds to its outcome; False if it is no longer ours."""
    moved = Notification.objects.filter(pk=row.pk, claim=token, status__in=claims.WORKING).update(
        status=status, claim=None, claimed_until=None, updated_at=now, **fields
    )
    row.status = status
    return moved == 1


def _disabled(rows: list[Notification]) -> set[tuple[int, str]]:
    """(user id, kind) pairs turned off in preferences, for the optional kinds in the batch."""
    optional = conf.optional_kinds()
    users = {row.recipient_id for row in rows if row.recipient_id and row.kind in optional}
    if not users:
        return set()
    return set(
        NotificationPreference.objects.filter(
            user_id__in=users, kind__in={row.kind for row in rows}, enabled=False
        ).values_list("user_id", "kind")
    )


def _send_email(
    row: Notification, token: uuid.UUID, mailer: Mailer, clock: Callable[[], dt.datetime]
) -> str:
    """Send one e-mail row; returns FAILED, LATER, RELAY or the row's new status."""
    from apps.notifications.rendering import email_message

    now = clock()
    try:
        message = email_message(row, connection=mailer.connection)
    except Exception as exc:  # a template or data error will not heal by retrying
        logger.exception("notification %s cannot be written", row.pk)
        _finish(row, token, Status.FAILED, now=now, last_error=describe(exc), attempts=F("attempts") + 1)
        return FAILED
    handed_over = Notification.objects.filter(pk=row.pk, claim=token, status=Status.CLAIMED).update(
        status=Status.SENDING, claimed_until=now + conf.sending_lease(), updated_at=now
    )
    if not handed_over:
        return Status.CANCELLED  # cancelled (or taken back) since the claim: nothing is sent
    try:
        mailer.connection.send_messages([message])
    except Exception as exc:
        outcome, maybe_arrived = classify(exc)
        error = row.last_error = describe(exc)
        now = clock()
        logger.warning("notification %s: %s", row.pk, error)
        if outcome == FAILED:
            _finish(row, token, Status.FAILED, now=now, last_error=error, attempts=F("attempts") + 1)
            return FAILED
        retry_at = now + conf.retry_delay(row.attempts + 1) if outcome == LATER else None
        fields: dict[str, Any] = {"last_error": error, "attempts": F("attempts") + 1}
        if maybe_arrived:
            fields["possibly_duplicate"] = True
        _finish(row, token, Status.PENDING, now=now, retry_at=retry_at, **fields)
        return outcome
    _finish(row, token, Status.SENT, now=clock(), sent_at=clock(), attempts=F("attempts") + 1, retry_at=None)
    return Status.SENT


def deliver_batch(
    *,
    mailer: Mailer,
    token: uuid.UUID | None = None,
    now: dt.datetime | None = None,
    ids: list[int] | None = None,
) -> dict[int, str]:
    """Claim one batch of due rows and deliver it; returns {row id: outcome} ({} if none due).

    `now` fixes the clock (tests); otherwise each step reads the time.
    """
    clock: Callable[[], dt.datetime] = (lambda: now) if now is not None else timezone.now
    token = token or uuid.uuid4()
    start = clock()
    email = relay.may_use_relay(now=start)
    rows = claims.claim_batch(token=token, now=start, limit=conf.batch_size(), email=email, ids=ids)
    if not rows:
        return {}
    if email and mailer.connection is None and any(r.channel == r.Channel.EMAIL for r in rows):
        try:
            mailer.open()
        except Exception as exc:
            relay.record_relay_failure(describe(exc), now=clock())
            mailer.close()
            email = False
        else:
            relay.record_relay_success(now=clock())
    disabled = _disabled(rows)
    outcomes: dict[int, str] = {}
    renew_at = time.monotonic() + conf.lease().total_seconds() / 2
    for row in rows:
        moment = clock()
        if moment - row.due_at > conf.grace(row.kind):
            reason = claims.TOO_LATE + (f"; last error: {row.last_error}" if row.last_error else "")
            _finish(row, token, Status.MISSED, now=moment, last_error=reason, retry_at=None)
            outcomes[row.pk] = Status.MISSED
        elif (row.recipient_id, row.kind) in disabled:
            _finish(row, token, Status.SKIPPED, now=moment, last_error="turned off in preferences")
            outcomes[row.pk] = Status.SKIPPED
        elif row.channel == Notification.Channel.PORTAL:
            _finish(row, token, Status.SENT, now=moment, sent_at=moment)
            outcomes[row.pk] = Status.SENT
        elif not email:
            continue  # released below: the relay is down
        else:
            outcomes[row.pk] = outcome = _send_email(row, token, mailer, clock)
            if outcome == RELAY:
                relay.record_relay_failure(row.last_error, now=clock())
                mailer.close()
                email = False
        if time.monotonic() > renew_at:
            claims.renew(token=token, now=clock())
            renew_at = time.monotonic() + conf.lease().total_seconds() / 2
    claims.release(token=token, now=clock())
    return outcomes
