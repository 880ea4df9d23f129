"""Bilateral meeting requests between delegations, the meetings placed for them, scheduler runs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from apps.agenda.models import Room
from apps.core.models import Assembly, TimeStampedModel
from apps.core.validators import (
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    ListValidator,
    text_length_constraint,
    text_validators,
    validate_plausible_date,
    validate_single_line,
)
from apps.delegations.models import Delegation

# The scheduler task's soft time limit (apps/meetings/tasks.py) leaves room beyond this for
# building the input and writing the plan.
MAX_SOLVER_TIME_LIMIT = 120
# Days and half-days a request may prefer: three per day of a ten-day assembly.
MAX_PREFERRED = 30


class AssemblyMeetingSettings(TimeStampedModel):
    """Organisers' rules for an assembly's bilaterals: answer deadline, confirmation, time."""

    assembly = models.OneToOneField(
        Assembly,
        verbose_name=_("assembly"),
        on_delete=models.CASCADE,
        related_name="meeting_rules",
    )
    response_deadline = models.DateTimeField(
        _("requests expire unanswered at"),
        null=True,
        blank=True,
        help_text=_("Requests still unanswered at this time expire."),
        validators=[validate_plausible_date],
    )
    auto_confirm = models.BooleanField(
        _("confirm placed meetings automatically"),
        default=False,
        help_text=_("Meetings the scheduler places are confirmed without waiting for both sides."),
    )
    solver_time_limit = models.PositiveSmallIntegerField(
        _("scheduler time limit (seconds)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SOLVER_TIME_LIMIT)],
        help_text=_(
            "How long the scheduler searches for a better plan, at most %(max)s seconds: a run "
            "must end well within the time a background task is given."
        )
        % {"max": MAX_SOLVER_TIME_LIMIT},
    )

    class Meta:
        verbose_name = _("bilateral meeting rules")
        verbose_name_plural = _("bilateral meeting rules")

    def __str__(self) -> str:
        return str(self.assembly)


class MeetingRequest(TimeStampedModel):
    """One delegation asks another for a bilateral; the other answers."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        COUNTER_PROPOSED = "counter_proposed", _("counter-proposed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("expired")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("normal")
        HIGH = "high", _("high")
        ESSENTIAL = "essential", _("essential")

    class Duration(models.IntegerChoices):
        HALF_HOUR = 30, _("30 minutes")
        HOUR = 60, _("60 minutes")

    # A request in one of these states blocks a second one between the same two delegations.
    OPEN_STATUSES = (Status.REQUESTED, Status.COUNTER_PROPOSED, Status.ACCEPTED)
    WEIGHTS: dict[str, int] = {Priority.NORMAL: 1, Priority.HIGH: 2, Priority.ESSENTIAL: 3}

    assembly = models.ForeignKey(
        Assembly,
        verbose_name=_("assembly"),
        on_delete=models.PROTECT,
        related_name="meeting_requests",
    )
    requester = models.ForeignKey(
        Delegation,
        verbose_name=_("requesting delegation"),
        on_delete=models.CASCADE,
        related_name="meeting_requests_sent",
    )
    invitee = models.ForeignKey(
        Delegation,
        verbose_name=_("invited delegation"),
        on_delete=models.CASCADE,
        related_name="meeting_requests_received",
    )
    topic = models.CharField(_("topic"), max_length=200, validators=[validate_single_line])
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration"), choices=Duration.choices, default=Duration.HALF_HOUR
    )
    requester_attendees = models.PositiveSmallIntegerField(
        _("attendees (requesting side)"), default=2
    )
    invitee_attendees = models.PositiveSmallIntegerField(_("attendees (invited side)"), default=2)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    preferred = models.JSONField(
        _("preferred days or half-days"),
        default=list,
        blank=True,
        help_text=_('Days ("2025-11-24") or half-days ("2025-11-24 am", "2025-11-24 pm").'),
        validators=[ListValidator(max_items=MAX_PREFERRED, item_max_length=13)],
    )
    counter_preferred = models.JSONField(
        _("counter-proposed days or half-days"),
        default=list,
        blank=True,
        validators=[ListValidator(max_items=MAX_PREFERRED, item_max_length=13)],
    )
    requester_head_required = models.BooleanField(
        _("head of the requesting delegation attends"), default=False
    )
    invitee_head_required = models.BooleanField(
        _("head of the invited delegation attends"), default=False
    )
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=text_validators(NOTE_MAX_LENGTH),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    decline_reason = models.TextField(
        _("reason for declining"),
        blank=True,
        max_length=REASON_MAX_LENGTH,
        validators=text_validators(REASON_MAX_LENGTH),
    )
    respond_by = models.DateTimeField(
        _("answer by"), null=True, blank=True, validators=[validate_plausible_date]
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            text_length_constraint(
                "meetings_request_text_bounded",
                note=NOTE_MAX_LENGTH,
                decline_reason=REASON_MAX_LENGTH,
            ),
            models.UniqueConstraint(
                models.F("assembly"),
                Least("requester", "invitee"),
                Greatest("requester", "invitee"),
                condition=models.Q(status__in=["requested", "counter_proposed", "accepted"]),
                name="meetings_one_open_request_per_pair",
                violation_error_message=_(
                    "These two delegations already have an open meeting request."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("invitee")),
                name="meetings_request_two_delegations",
                violation_error_message=_("A delegation cannot request a meeting with itself."),
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__in=[30, 60]),
                name="meetings_request_duration",
                violation_error_message=_("A meeting lasts 30 or 60 minutes."),
            ),
            models.CheckConstraint(
                condition=models.Q(requester_attendees__gte=1, invitee_attendees__gte=1),
                name="meetings_request_attendees",
                violation_error_message=_("Each side brings at least one person."),
            ),
        ]
        indexes = [models.Index(fields=["assembly", "status"])]

    def __str__(self) -> str:
        return f"{self.requester} \N{EN DASH} {self.invitee}: {self.topic}"

    @property
    def weight(self) -> int:
        return self.WEIGHTS[self.priority]

    @property
    def attendees(self) -> int:
        return self.requester_attendees + self.invitee_attendees

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def other_side(self, delegation: Delegation) -> Delegation:
        return self.invitee if delegation.pk == self.requester_id else self.requester


class DelegationMeetingSettings(TimeStampedModel):
    """Organiser-set limits of one delegation; its row is also the lock taken when booking."""

    delegation = models.OneToOneField(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="meeting_settings",
    )
    teams = models.PositiveSmallIntegerField(
        _("parallel meetings"),
        default=1,
        help_text=_("How many meetings the delegation can hold at the same time."),
    )
    max_per_day = models.PositiveSmallIntegerField(
        _("meetings per day at most"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("delegation meeting settings")
        verbose_name_plural = _("delegation meeting settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(teams__gte=1, teams__lte=20),
                name="meetings_settings_teams_range",
                violation_error_message=_("A delegation holds 1 to 20 meetings at once."),
            )
        ]

    def __str__(self) -> str:
        return str(self.delegation)


class DelegationAvailability(TimeStampedModel):
    """A time a delegation cannot meet: late arrival, early departure, other commitments."""

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="unavailabilities",
    )
    starts_at = models.DateTimeField(_("from"), validators=[validate_plausible_date])
    ends_at = models.DateTimeField(_("until"), validators=[validate_plausible_date])
    reason = models.CharField(
        _("reason"), max_length=200, blank=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        ordering = ["delegation", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meetings_unavailability_ordered",
                violation_error_message=_("The end must come after the start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M} UTC"


class Meeting(TimeStampedModel):
    """An accepted request placed in a room at a time (UTC)."""

    # What its e-mails and `.ics` read, loaded once per delivery batch (notifications.rendering).
    NOTIFICATION_PREFETCH = (
        "assembly",
        "room",
        "request__requester__country",
        "request__requester__organisation",
        "request__invitee__country",
        "request__invitee__organisation",
    )

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    # Meetings that occupy their room and their delegations.
    ACTIVE_STATUSES = (Status.PROPOSED, Status.CONFIRMED, Status.HELD)

    request = models.OneToOneField(
        MeetingRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="meeting",
    )
    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="meetings"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts"), validators=[validate_plausible_date])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_plausible_date])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    confirmed_by_requester = models.BooleanField(
        _("confirmed by the requesting side"), default=False
    )
    confirmed_by_invitee = models.BooleanField(_("confirmed by the invited side"), default=False)
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Raised at each move, for calendars.")
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "room"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meetings_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            )
        ]
        indexes = [models.Index(fields=["assembly", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.request.requester} \N{EN DASH} {self.request.invitee}"

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at

    def to_ics(self) -> bytes:
        """The meeting as an iCalendar file, times in the assembly's zone with its VTIMEZONE."""
        import icalendar

        tz = self.assembly.tz
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//GA Planner//Bilateral meetings//EN")
        calendar.add("version", "2.0")
        calendar.add("method", "CANCEL" if self.status == self.Status.CANCELLED else "PUBLISH")
        event = icalendar.Event()
        event.add("uid", f"meeting-{self.pk}@ga-planner")
        event.add("sequence", self.sequence)
        event.add("dtstamp", self.updated_at or self.created_at)
        event.add("dtstart", self.starts_at.astimezone(tz))
        event.add("dtend", self.ends_at.astimezone(tz))
        event.add(
            "summary", f"Bilateral: {self.request.requester} \N{EN DASH} {self.request.invitee}"
        )
        event.add("description", self.request.topic)
        event.add("location", f"{self.room.name} ({self.room.code})")
        statuses: dict[str, str] = {
            self.Status.CANCELLED: "CANCELLED",
            self.Status.PROPOSED: "TENTATIVE",
        }
        event.add("status", statuses.get(self.status, "CONFIRMED"))
        calendar.add_component(event)
        calendar.add_missing_timezones()
        return calendar.to_ical()


class ScheduleRun(models.Model):
    """One run of the scheduler for an assembly: what went in, the figures, what stayed out."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="schedule_runs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    time_limit = models.PositiveSmallIntegerField(_("time limit (seconds)"), null=True, blank=True)
    retry = models.PositiveSmallIntegerField(
        _("retry"),
        default=0,
        help_text=_("How many runs in a row before this one ended without a result."),
    )
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triggered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    input = models.JSONField(_("input"), default=dict, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    unplaced = models.JSONField(_("unplaced requests"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly"],
                condition=models.Q(status="running"),
                name="meetings_one_running_run",
                violation_error_message=_("The scheduler is already running for this assembly."),
            ),
            models.UniqueConstraint(
                fields=["assembly"],
                condition=models.Q(status="pending"),
                name="meetings_one_pending_run",
                violation_error_message=_("A scheduler run is already waiting for this assembly."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assembly} #{self.pk} ({self.get_status_display()})"

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
