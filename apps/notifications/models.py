"""The notification outbox: one row per message to one recipient on one channel, due at a time.

Other apps never send anything themselves; their services write rows here in their own
transaction (apps.notifications.services), and the dispatcher delivers what is due.
Organisers edit the reminder rules in the admin; people turn optional kinds off in their
preferences.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.validators import validate_single_line


class Notification(TimeStampedModel):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        PORTAL = "portal", _("in the portal")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        CLAIMED = "claimed", _("claimed for sending")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")
        MISSED = "missed", _("missed (too late to send)")
        SKIPPED = "skipped", _("skipped (turned off by the recipient)")

    # Not sent yet, and nothing handed to the mail relay: a change may still cancel these.
    OPEN_STATUSES = (Status.PENDING, Status.CLAIMED)

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
    retry_at = models.DateTimeField(_("next attempt not before"), null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(_("lease ends"), null=True, blank=True)
    possibly_duplicate = models.BooleanField(
        _("possibly sent twice"),
        default=False,
        help_text=_(
            "An earlier attempt may have reached the recipient (its worker stopped, or the mail "
            "relay went silent, after the message was handed over), so it may have arrived twice."
        ),
    )
    last_error = models.TextField(_("last error or reason"), blank=True)
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
                violation_error_message=_("This notification already exists."),
            ),
            # NULLs are distinct in a unique index: notifications about nothing need their own.
            models.UniqueConstraint(
                fields=["kind", "recipient_key", "channel", "due_at"],
                condition=models.Q(content_type__isnull=True),
                name="notifications_once_per_key_no_subject",
                violation_error_message=_("This notification already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(recipient_email=""),
                name="notifications_has_recipient",
                violation_error_message=_("A notification needs a user or an e-mail address."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="notifications_due_idx"),
            models.Index(
                fields=["recipient", "channel", "read_at"], name="notifications_inbox_idx"
            ),
            models.Index(fields=["sent_at"], name="notifications_sent_idx"),
        ]

    def __str__(self) -> str:
        # The recipient's name when it is loaded (the admin's list loads it), never a query.
        field = self._meta.get_field("recipient")
        if self.recipient_id is not None and field.is_cached(self):  # type: ignore[union-attr]
            who = self.recipient.full_name or self.recipient.email  # type: ignore[union-attr]
        else:
            who = self.recipient_email or self.recipient_key
        return f"{self.kind} → {who} @ {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def address(self) -> str:
        return self.recipient.email if self.recipient is not None else self.recipient_email


class MailRelayStatus(models.Model):
    """Whether the mail relay answers (one row): while it does not, one delivery at a time
    probes it again after a back-off, and the others leave e-mail rows waiting in the outbox."""

    down_since = models.DateTimeField(_("unreachable since"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    next_probe_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail relay status")
        verbose_name_plural = _("mail relay status")

    def __str__(self) -> str:
        return f"down since {self.down_since:%Y-%m-%d %H:%M:%S}" if self.down_since else "up"


class NotificationPreference(TimeStampedModel):
    """A user's choice for one optional kind; no row means the kind is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=60)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="notifications_preference_once",
                violation_error_message=_("This user already has a preference for this kind."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {'on' if self.enabled else 'off'}"


class ReminderRule(TimeStampedModel):
    """Which reminders exist, when, and for whom; organisers edit them in the admin.

    Meeting and session rules are read by `schedule_reminders` (offset before the start);
    digest rules by the daily digest task (a local time of day).
    """

    class SubjectKind(models.TextChoices):
        MEETING = "meeting", _("bilateral meeting")
        SESSION = "session", _("programme session")
        DIGEST = "digest", _("daily digest")

    class Audience(models.TextChoices):
        ALL = "all", _("everyone concerned")
        FOCAL_POINTS = "focal_points", _("focal points")
        DELEGATES = "delegates", _("delegates")

    class Channels(models.TextChoices):
        EMAIL = "email", _("e-mail")
        PORTAL = "portal", _("in the portal")
        BOTH = "both", _("e-mail and portal")

    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    subject_kind = models.CharField(_("about"), max_length=10, choices=SubjectKind.choices)
    offset_minutes = models.PositiveIntegerField(
        _("minutes before the start"),
        null=True,
        blank=True,
        help_text=_("For meetings and sessions: 1440 is a day before, 60 an hour before."),
    )
    time_of_day = models.TimeField(
        _("local time of day"),
        null=True,
        blank=True,
        help_text=_("For the daily digest, in the assembly's time zone."),
    )
    compulsory_only = models.BooleanField(
        _("compulsory sessions only"),
        default=False,
        help_text=_("For sessions: only those a delegation must attend."),
    )
    audience = models.CharField(
        _("for whom"), max_length=12, choices=Audience.choices, default=Audience.ALL
    )
    channels = models.CharField(
        _("channels"), max_length=6, choices=Channels.choices, default=Channels.BOTH
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["subject_kind", "-offset_minutes", "time_of_day"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(subject_kind="digest", time_of_day__isnull=False)
                    | (~models.Q(subject_kind="digest") & models.Q(offset_minutes__isnull=False))
                ),
                name="notifications_rule_has_moment",
                violation_error_message=_(
                    "A digest needs a time of day; a meeting or session reminder needs an offset."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def channel_list(self) -> tuple[str, ...]:
        if self.channels == self.Channels.BOTH:
            return (Notification.Channel.EMAIL, Notification.Channel.PORTAL)
        return (self.channels,)
