"""The venue, its rooms and the sessions of an assembly's programme."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core.models import Assembly, TimeStampedModel


class Venue(TimeStampedModel):
    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="venues"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    map_url = models.URLField(_("map link"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["assembly", "name"]

    def __str__(self) -> str:
        return self.name


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
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("short code"), max_length=20, help_text=_("e.g. B01"))
    building = models.CharField(_("building or floor"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("seats"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    equipment = models.CharField(_("equipment"), max_length=255, blank=True)
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
        return f"{self.name} ({self.code})"


class Session(TimeStampedModel):
    """A slot of the programme; times are stored in UTC and shown in the assembly's zone."""

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
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, default=Attendance.OPEN
    )
    interpretation_languages = models.JSONField(
        _("interpretation languages"), default=list, blank=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT
    )
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Raised at each change, for calendar feeds.")
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
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"title_{language}", "") or self.title_en

    @property
    def description(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"description_{language}", "") or self.description_en
