"""Assemblies, the audit log and the base classes every app shares."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import assembly_name, place_name
from apps.core.validators import ListValidator, validate_plausible_date, validate_single_line

OFFICIAL_LANGUAGES = ("ar", "en", "fr", "es")


class TimeStampedModel(models.Model):
    """Created and updated times on every row, for audit and sorting."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("%(value)s is not a known time zone."), params={"value": value}
        ) from exc


def validate_languages(value: list[str]) -> None:
    """One or more official languages, each once."""
    if not isinstance(value, list) or not value:
        raise ValidationError(
            _("Choose one or more of the official languages: ar, en, fr, es."), code="languages"
        )
    ListValidator(max_items=len(OFFICIAL_LANGUAGES), item_choices=OFFICIAL_LANGUAGES)(value)


def default_languages() -> list[str]:
    return list(OFFICIAL_LANGUAGES)


class Assembly(TimeStampedModel):
    """One General Assembly; each edition is a row, nothing is hard-coded to one year."""

    class State(models.TextChoices):
        PREPARING = "preparing", _("preparing")
        REGISTRATION_OPEN = "registration_open", _("registration open")
        REGISTRATION_CLOSED = "registration_closed", _("registration closed")
        RUNNING = "running", _("running")
        ENDED = "ended", _("ended")
        ARCHIVED = "archived", _("archived")

    # Editions whose admin pages are read-only unless an organiser reopens them.
    PAST_STATES = (State.ENDED, State.ARCHIVED)

    number = models.PositiveSmallIntegerField(_("session number"), unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    city = models.CharField(_("city"), max_length=100, validators=[validate_single_line])
    country = models.CharField(_("country"), max_length=100, validators=[validate_single_line])
    venue_name = models.CharField(
        _("venue"), max_length=200, blank=True, validators=[validate_single_line]
    )
    start_date = models.DateField(_("first day"), validators=[validate_plausible_date])
    end_date = models.DateField(_("last day"), validators=[validate_plausible_date])
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    state = models.CharField(
        _("state"),
        max_length=24,
        choices=State.choices,
        default=State.REGISTRATION_OPEN,
        help_text=_("What delegations may still do: register, send credentials, ask for meetings."),
    )
    registration_deadline = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("After this time delegations can no longer add or change delegates."),
        validators=[validate_plausible_date],
    )
    credentials_deadline = models.DateTimeField(
        _("credentials close at"),
        null=True,
        blank=True,
        help_text=_("After this time delegations can no longer send credentials."),
        validators=[validate_plausible_date],
    )
    meeting_requests_deadline = models.DateTimeField(
        _("meeting requests close at"),
        null=True,
        blank=True,
        help_text=_("After this time delegations can no longer ask for bilateral meetings."),
        validators=[validate_plausible_date],
    )
    reopened = models.BooleanField(
        _("reopened for changes"),
        default=False,
        help_text=_(
            "A past edition is read-only in the administration unless an organiser reopens it."
        ),
    )
    languages = models.JSONField(
        _("official languages"), default=default_languages, validators=[validate_languages]
    )
    is_current = models.BooleanField(
        _("current assembly"),
        default=False,
        help_text=_("The assembly the portal and the reminders work on. Only one can be current."),
    )
    meeting_day_start = models.TimeField(_("bilateral day starts"), default=dt.time(9, 0))
    meeting_day_end = models.TimeField(_("bilateral day ends"), default=dt.time(17, 0))
    meeting_slot_minutes = models.PositiveSmallIntegerField(
        _("bilateral slot length (minutes)"), default=30
    )

    class Meta:
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        ordering = ["-number"]
        permissions = [("reopen_assembly", _("Can reopen a past edition for changes"))]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="core_assembly_one_current",
                violation_error_message=_("Another assembly is already the current one."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="core_assembly_dates_ordered",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(meeting_day_end__gt=models.F("meeting_day_start")),
                name="core_assembly_meeting_day_ordered",
                violation_error_message=_("The bilateral day must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(meeting_slot_minutes__gte=5, meeting_slot_minutes__lte=240),
                name="core_assembly_slot_length",
                violation_error_message=_("A slot lasts between 5 and 240 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (apps/core/i18n.py)."""
        return assembly_name(self.name, self.number)

    @property
    def display_city(self) -> str:
        return place_name(self.city)

    @property
    def display_country(self) -> str:
        return place_name(self.country)

    @property
    def display_venue(self) -> str:
        return place_name(self.venue_name)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_past(self) -> bool:
        return self.state in self.PAST_STATES

    @property
    def is_read_only(self) -> bool:
        """Past editions are archives: nothing changes unless an organiser reopened it."""
        return self.is_past and not self.reopened

    @property
    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=i) for i in range(count)]

    @property
    def slots_per_day(self) -> int:
        start = dt.datetime.combine(self.start_date, self.meeting_day_start)
        end = dt.datetime.combine(self.start_date, self.meeting_day_end)
        return int((end - start).total_seconds() // 60) // self.meeting_slot_minutes


class AuditEntry(models.Model):
    """Who did what to which object, and when; written by services through log_action."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class AdminEdition(models.Model):
    """The edition an organiser works on in the administration, remembered between visits."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="admin_edition",
        verbose_name=_("who"),
    )
    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="+", verbose_name=_("assembly")
    )

    class Meta:
        verbose_name = _("edition chosen in the administration")
        verbose_name_plural = _("editions chosen in the administration")

    def __str__(self) -> str:
        return f"{self.user} → {self.assembly}"


class Heartbeat(models.Model):
    """Last time each background component proved it runs; /healthz reports it."""

    component = models.CharField(max_length=40, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")

    def __str__(self) -> str:
        return f"{self.component} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class IdempotencyKey(models.Model):
    """The outcome of a write sent with a key (API `Idempotency-Key`, a portal form's one-time
    token): a retry with the same key gets this outcome again instead of a second write.

    The row is written in the transaction of the write it records, so it exists only if the
    write committed; a concurrent retry waits on the unique key until then.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("who")
    )
    key = models.CharField(_("key"), max_length=300)
    fingerprint = models.CharField(
        _("request fingerprint"), max_length=64, help_text=_("SHA-256 of method, path and body.")
    )
    status_code = models.PositiveSmallIntegerField(_("status"), default=0)
    response = models.JSONField(
        _("response"), default=dict, blank=True, encoder=DjangoJSONEncoder, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status_code})"
