"""The notification outbox: one row per message to one recipient on one channel, due at a time.

Other apps never send anything themselves; their services write rows here in their own
transaction (apps.notifications.services), and the dispatcher delivers what is due.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Notification(TimeStampedModel):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        PORTAL = "portal", _("in the portal")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        CLAIMED = "claimed", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")
        MISSED = "missed", _("missed (too late to send)")

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    recipient_email = models.EmailField(_("recipient e-mail"), blank=True)
    recipient_key = models.CharField(
        max_length=260, editable=False, help_text="user:<id> or email:<address>; part of the key."
    )
    language = models.CharField(_("language"), max_length=2, default="en")
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    due_at = models.DateTimeField(_("due"), db_index=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_until = models.DateTimeField(_("lease ends"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-due_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient_key", "channel", "due_at"],
                name="notifications_once_per_key",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(recipient_email=""),
                name="notifications_has_recipient",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="notifications_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_key} @ {self.due_at:%Y-%m-%d %H:%M}"
