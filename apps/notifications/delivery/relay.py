"""The mail relay's state, shared by every delivery through one database row.

When the relay refuses connections or stops answering, the delivery that found out records it
here; from then on one delivery at a time tries it again (the probe), after a back-off that
grows to NOTIFICATIONS_RELAY_RETRY_MAX_SECONDS, and the others leave e-mail rows waiting in the
outbox instead of each blocking on the relay. The first connection that works clears it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q

from apps.notifications import conf
from apps.notifications.models import MailRelayStatus

logger = logging.getLogger(__name__)
RELAY = 1  # the primary key of the one row


def relay_status() -> MailRelayStatus:
    status, _created = MailRelayStatus.objects.get_or_create(pk=RELAY)
    return status


def probe_due(*, now: dt.datetime) -> bool:
    """True when the relay is up, or down and due for another attempt."""
    status = relay_status()
    return status.down_since is None or status.next_probe_at is None or status.next_probe_at <= now


def may_use_relay(*, now: dt.datetime) -> bool:
    """True when the relay is up, or when it is down and the caller has just won the next probe.

    Winning moves the next probe past the time one attempt may take, so no other delivery
    tries at the same moment, and one that dies while probing does not stop the probing.
    """
    if relay_status().down_since is None:
        return True
    hold = now + dt.timedelta(seconds=2 * conf.email_timeout() + 5)
    won = (
        MailRelayStatus.objects.filter(pk=RELAY, down_since__isnull=False)
        .filter(Q(next_probe_at__isnull=True) | Q(next_probe_at__lte=now))
        .update(next_probe_at=hold)
    )
    return won == 1


@transaction.atomic
def record_relay_failure(error: str, *, now: dt.datetime) -> MailRelayStatus:
    status, _created = MailRelayStatus.objects.select_for_update().get_or_create(pk=RELAY)
    if status.down_since is None:
        status.down_since = status.changed_at = now
        logger.error("mail relay unreachable, e-mail waits in the outbox: %s", error)
    status.failures += 1
    status.next_probe_at = now + conf.relay_retry_delay(status.failures)
    status.last_error = error[:2000]
    status.save()
    return status


def record_relay_success(*, now: dt.datetime) -> None:
    back = MailRelayStatus.objects.filter(pk=RELAY, down_since__isnull=False).update(
        down_since=None, failures=0, next_probe_at=None, changed_at=now
    )
    if back:
        logger.warning("mail relay reachable again: sending the waiting e-mail")
