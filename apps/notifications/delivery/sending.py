"""Sending a claimed batch: one reused connection, the send outside any transaction.

Each e-mail row goes claimed → sending (committed before the message is handed to the relay)
→ sent, a chunk of NOTIFICATIONS_SENDING_CHUNK rows at a time. A crash between the two commits
leaves the chunk in `sending`; once its lease runs out the next delivery takes those rows again
and flags them "possibly sent twice" (claims.py). Errors are sorted:

- the message cannot be written (template, data) or the relay refuses it or its recipient for
  good (a 5xx reply): `failed`, never retried;
- the relay refuses the recipient for now (a 4xx reply): retried after a back-off, until the
  kind's grace period says it is too late (`missed`);
- the relay is down, silent or closes the connection: the relay is marked down (relay.py), the
  row and the rest of the batch wait in the outbox, and sending resumes when the relay answers.
  A message cut off while being handed over may have arrived: the row is flagged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import smtplib
import uuid
from collections.abc import Callable
from typing import Any

from django.core.mail import get_connection
from django.db import transaction
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
            with contextlib.suppress(Exception):  # a broken connection is dropped all the same
                connection.close()


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


def _hand_over(rows: list[Notification], token: uuid.UUID, now: dt.datetime) -> list[Notification]:
    """Commit `sending` for the rows still claimed by this delivery (not cancelled meanwhile)."""
    with transaction.atomic():
        mine = set(
            Notification.objects.select_for_update()
            .filter(pk__in=[r.pk for r in rows], claim=token, status=Status.CLAIMED)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=mine).update(
            status=Status.SENDING, claimed_until=now + conf.sending_lease(), updated_at=now
        )
    return [row for row in rows if row.pk in mine]


def _mark_sent(rows: list[Notification], token: uuid.UUID, now: dt.datetime) -> None:
    Notification.objects.filter(
        pk__in=[r.pk for r in rows], claim=token, status=Status.SENDING
    ).update(
        status=Status.SENT,
        sent_at=now,
        attempts=F("attempts") + 1,
        retry_at=None,
        claim=None,
        claimed_until=None,
        updated_at=now,
    )
    for row in rows:
        row.status = Status.SENT


def _take_back(rows: list[Notification], token: uuid.UUID, now: dt.datetime) -> None:
    """Rows handed over but never sent (the relay failed before their turn) are claimed again."""
    Notification.objects.filter(
        pk__in=[r.pk for r in rows], claim=token, status=Status.SENDING
    ).update(status=Status.CLAIMED, claimed_until=now + conf.lease(), updated_at=now)


def _failed_send(row: Notification, token: uuid.UUID, exc: Exception, now: dt.datetime) -> str:
    """Record why sending `row` failed; returns FAILED, LATER or RELAY."""
    outcome, maybe_arrived = classify(exc)
    error = row.last_error = describe(exc)
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


def _send_emails(
    rows: list[Notification],
    token: uuid.UUID,
    mailer: Mailer,
    clock: Callable[[], dt.datetime],
    outcomes: dict[int, str],
) -> bool:
    """Send e-mail rows a chunk at a time; returns False when the relay failed (stop sending).

    A chunk is committed as `sending` before its first message goes, and as `sent` after its
    last: a crash in between leaves at most a chunk in `sending`, to be flagged and sent again.
    """
    from apps.core.selectors import current_assembly
    from apps.notifications.rendering import email_message, prefetch_for_rendering

    # Loaded once for the batch: rendering a message makes no query of its own.
    assembly = current_assembly()
    prefetch_for_rendering(rows)
    for start in range(0, len(rows), conf.sending_chunk()):
        ready = []
        for row in rows[start : start + conf.sending_chunk()]:
            try:
                message = email_message(row, connection=mailer.connection, assembly=assembly)
                ready.append((row, message))
            except Exception as exc:  # a template or data error will not heal by retrying
                logger.exception("notification %s cannot be written", row.pk)
                _finish(row, token, Status.FAILED, now=clock(), last_error=describe(exc),
                        attempts=F("attempts") + 1)  # fmt: skip
                outcomes[row.pk] = FAILED
        mine = {row.pk for row in _hand_over([row for row, _m in ready], token, clock())}
        sent: list[Notification] = []
        for index, (row, message) in enumerate(ready):
            if row.pk not in mine:
                outcomes[row.pk] = Status.CANCELLED  # cancelled since the claim: not sent
                continue
            try:
                mailer.connection.send_messages([message])
            except Exception as exc:
                _mark_sent(sent, token, clock())
                outcomes.update(dict.fromkeys([r.pk for r in sent], Status.SENT))
                outcomes[row.pk] = outcome = _failed_send(row, token, exc, clock())
                if outcome != RELAY:
                    sent = []
                    continue
                _take_back([r for r, _m in ready[index + 1 :]], token, clock())
                relay.record_relay_failure(row.last_error, now=clock())
                mailer.close()
                return False
            sent.append(row)
        _mark_sent(sent, token, clock())
        outcomes.update(dict.fromkeys([r.pk for r in sent], Status.SENT))
    return True


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
    disabled = _disabled(rows)
    outcomes: dict[int, str] = {}
    emails = []
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
        else:
            emails.append(row)
    if emails and email and mailer.connection is None:
        try:
            mailer.open()
        except Exception as exc:
            relay.record_relay_failure(describe(exc), now=clock())
            mailer.close()
            email = False
        else:
            relay.record_relay_success(now=clock())
    if emails and email:
        _send_emails(emails, token, mailer, clock, outcomes)
    claims.release(token=token, now=clock())  # whatever was not sent: the relay is down
    return outcomes
