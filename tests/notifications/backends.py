"""Mail backends for tests: one that records what the database said at the moment of sending."""

from __future__ import annotations

from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from apps.notifications.models import Notification

seen_at_send: list[tuple[str, bool]] = []


class RecordingBackend(EmailBackend):
    """Locmem, noting for each message its row's committed status and whether a transaction
    was open on this connection while it was handed over."""

    def send_messages(self, messages):
        for message in messages:
            pk = int(message.extra_headers["X-GA-Notification"].split()[0])
            status = Notification.objects.values_list("status", flat=True).get(pk=pk)
            seen_at_send.append((status, connection.in_atomic_block))
        return super().send_messages(messages)
