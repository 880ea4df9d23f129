"""The venue, its rooms and the sessions of an assembly's programme."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import localised
from apps.core.models import OFFICIAL_LANGUAGES, Assembly, TimeStampedModel
from apps.core.validators import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    ListValidator,
    text_length_constraint,
    text_validators,
    validate_plausible_date,
    validate_single_line,
)
from apps.delegations.models import Delegate, Delegation

# On PostgreSQL, migration 0002 adds this exclusion constraint (btree_gist, '[)' ranges):
# two sessions that are not cancelled may not hold one room at overlapping times.
ROOM_OVERLAP_CONSTRAINT = "agenda_session_room_no_overlap"


class Venue(TimeStampedModel):
    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="venues"
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    name_fr = models.CharField(
        _("name (French)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    name_es = models.CharField(
        _("name (Spanish)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    name_ar = models.CharField(
        _("name (Arabic)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    address = models.TextField(
        _("address"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=text_validators(NOTE_MAX_LENGTH),
    )
    map_url = models.URLField(_("map link"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["assembly", "name"]
        constraints = [text_length_constraint("agenda_venue_text_bounded", address=NOTE_MAX_LENGTH)]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language, as written where not translated."""
        return localised(self, "name")


class Room(TimeStampedModel):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("plenary hall")
        BILATERAL = "bilateral", _("bilateral meeting room")
        SIDE_EVENT = "side_event", _("side-event room")
        PRESS = "press", _("press room")
        OFFICE = "office", _("office")

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    name_fr = models.CharField(
        _("name (French)"), max_length=100, blank=True, validators=[validate_single_line]
    )
    name_es = models.CharField(
        _("name (Spanish)"), max_length=100, blank=True, validators=[validate_single_line]
    )
    name_ar = models.CharField(
        _("name (Arabic)"), max_length=100, blank=True, validators=[validate_single_line]
    )
    code = models.CharField(
        _("short code"), max_length=20, help_text=_("e.g. B01"), validators=[validate_single_line]
    )
    building = models.CharField(
        _("building or floor"), max_length=100, blank=True, validators=[validate_single_line]
    )
    capacity = models.PositiveIntegerField(_("seats"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    equipment = models.CharField(
        _("equipment"), max_length=255, blank=True, validators=[validate_single_line]
    )
    interpretation_booths = models.PositiveSmallIntegerField(_("interpretation booths"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue", "kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "code"],
                name="agenda_room_code_unique",
                violation_error_message=_("Another room of this venue has this code."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="agenda_room_capacity_positive",
                violation_error_message=_("A room seats at least one person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self) -> str:
        """The name in the reader's language, as written where not translated."""
        return localised(self, "name")


class Session(TimeStampedModel):
    """A slot of the programme; times are stored in UTC and shown in the assembly's zone."""

    # What its e-mails and `.ics` read, loaded once per delivery batch (notifications.rendering).
    NOTIFICATION_PREFETCH = ("assembly", "room__venue")

    class Kind(models.TextChoices):
        OPENING = "opening", _("opening ceremony")
        PLENARY = "plenary", _("plenary")
        ELECTION = "election", _("election")
        COMMITTEE = "committee", _("committee or working group")
        SIDE_EVENT = "side_event", _("side event")
        CEREMONY = "ceremony", _("ceremony")
        BREAK = "break", _("break")
        SOCIAL = "social", _("social event")
        PRESS = "press", _("press conference")

    class Attendance(models.TextChoices):
        ALL = "all", _("all delegations")
        HEADS = "heads", _("heads of delegation")
        INVITED = "invited", _("by invitation")
        OPEN = "open", _("open")

    class Visibility(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title_en = models.CharField(
        _("title (English)"), max_length=200, validators=[validate_single_line]
    )
    title_fr = models.CharField(
        _("title (French)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    title_es = models.CharField(
        _("title (Spanish)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    title_ar = models.CharField(
        _("title (Arabic)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    description_en = models.TextField(
        _("description (English)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    description_fr = models.TextField(
        _("description (French)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    description_es = models.TextField(
        _("description (Spanish)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    description_ar = models.TextField(
        _("description (Arabic)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("starts"), validators=[validate_plausible_date])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_plausible_date])
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, default=Attendance.OPEN
    )
    interpretation_languages = models.JSONField(
        _("interpretation languages"),
        default=list,
        blank=True,
        validators=[
            ListValidator(max_items=len(OFFICIAL_LANGUAGES), item_choices=OFFICIAL_LANGUAGES)
        ],
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT
    )
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Raised at each change, for calendar feeds.")
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_(
            "A cancelled session stays in calendars, marked cancelled, and frees its room."
        ),
    )
    invited_delegations = models.ManyToManyField(
        Delegation,
        verbose_name=_("invited delegations"),
        blank=True,
        related_name="invited_sessions",
        help_text=_("For sessions by invitation: the delegations invited."),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "room"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="agenda_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            text_length_constraint(
                "agenda_session_text_bounded",
                **{f"description_{lang}": DESCRIPTION_MAX_LENGTH for lang in OFFICIAL_LANGUAGES},
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def description(self) -> str:
        return localised(self, "description")

    @property
    def uid(self) -> str:
        """The calendar UID: stable for the life of the session, whatever changes."""
        return f"agenda-session-{self.pk}@ga-planner"

    @property
    def is_compulsory(self) -> bool:
        return self.attendance in (self.Attendance.ALL, self.Attendance.HEADS)

    def to_ics(self) -> bytes:
        """This session alone as an iCalendar file (attached to change notices)."""
        from apps.agenda.calendar import build_calendar, session_event

        return build_calendar([session_event(self)], name=self.title, tz=self.assembly.tz)


class SessionSpeaker(models.Model):
    """A speaker or chair of a session: a delegate, or a named guest."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MODERATOR = "moderator", _("moderator")
        SPEAKER = "speaker", _("speaker")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="speakers"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.SPEAKER)
    delegate = models.ForeignKey(
        Delegate,
        verbose_name=_("delegate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="speaking_at",
    )
    name = models.CharField(
        _("guest name"),
        max_length=200,
        blank=True,
        help_text=_("For a speaker who is no delegate."),
        validators=[validate_single_line],
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=200, blank=True, validators=[validate_single_line]
    )
    affiliation_fr = models.CharField(
        _("affiliation (French)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    affiliation_es = models.CharField(
        _("affiliation (Spanish)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    affiliation_ar = models.CharField(
        _("affiliation (Arabic)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker or chair")
        verbose_name_plural = _("speakers and chairs")
        ordering = ["session", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(delegate__isnull=False, name="")
                    | models.Q(delegate__isnull=True) & ~models.Q(name="")
                ),
                name="agenda_speaker_delegate_xor_name",
                violation_error_message=_("Choose a delegate or type a guest's name (not both)."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.delegate.full_name if self.delegate is not None else self.name

    @property
    def display_affiliation(self) -> str:
        """The affiliation in the reader's language, as written where not translated."""
        return localised(self, "affiliation")


class CalendarFeed(TimeStampedModel):
    """A secret, rotatable address of an iCalendar feed: a delegation's, or one delegate's.

    The token in the address is not stored: it is derived from the id and `version` under a key
    outside the database (apps.agenda.feeds). Rotating bumps the version, which ends the old
    address; it happens on request and whenever someone who could see the address loses access.
    """

    delegation = models.OneToOneField(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    delegate = models.OneToOneField(
        Delegate,
        verbose_name=_("delegate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    version = models.PositiveIntegerField(_("address version"), default=1, editable=False)
    rotated_at = models.DateTimeField(_("token last changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(delegation__isnull=False, delegate__isnull=True)
                    | models.Q(delegation__isnull=True, delegate__isnull=False)
                ),
                name="agenda_feed_delegation_xor_delegate",
                violation_error_message=_("A feed belongs to a delegation or to one delegate."),
            )
        ]

    def __str__(self) -> str:
        owner = self.delegate if self.delegate_id else self.delegation
        return _("Calendar of %(owner)s") % {"owner": owner}
