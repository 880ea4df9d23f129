"""Ceremonies of an assembly: the run-of-show (cues), who has a part, rehearsals, precedence.

Flag handover hosts are modelled as a `MemberCountry` plus an optional display label, because the
next host is not always a member country: Hong Kong, China (host of the 94th) is a sub-bureau of
China, so the 93rd's incoming host is `country=CN, label="Hong Kong, China"`. The label, when set,
is what people see; the country ties the handover to a delegation (its head receives the flag).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.agenda.models import Session
from apps.core.i18n import listing, localised
from apps.core.models import Assembly, TimeStampedModel
from apps.core.validators import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    ListValidator,
    text_length_constraint,
    text_validators,
    validate_plausible_date,
    validate_single_line,
)
from apps.delegations.models import Delegate, MemberCountry

# One-language text typed by organisers (a place, a position on stage, a label) keeps its English
# in the unsuffixed field and a translation per official language beside it (`position_fr`...),
# as rooms do (`name`, `name_fr`); `localised(obj, "position")` picks the reader's.
TRANSLATED = ("fr", "es", "ar")
_LANGUAGE_NAMES = {"fr": _("French"), "es": _("Spanish"), "ar": _("Arabic")}


def _translation(label, language: str, max_length: int):
    return models.CharField(
        format_lazy("{} ({})", label, _LANGUAGE_NAMES[language]),
        max_length=max_length,
        blank=True,
        validators=[validate_single_line],
    )


def _text_translation(label, language: str, max_length: int):
    return models.TextField(
        format_lazy("{} ({})", label, _LANGUAGE_NAMES[language]),
        blank=True,
        max_length=max_length,
        validators=text_validators(max_length),
    )


class RoleKind(models.TextChoices):
    MASTER_OF_CEREMONIES = "mc", _("master of ceremonies")
    PRESIDENT = "president", _("INTERPOL President")
    SECRETARY_GENERAL = "secretary_general", _("Secretary General")
    OUTGOING_HOST = "outgoing_host", _("outgoing host representative")
    INCOMING_HEAD = "incoming_head", _("incoming host head of delegation")
    FLAG_BEARER = "flag_bearer", _("flag bearer")
    PROTOCOL_OFFICER = "protocol_officer", _("protocol officer")
    INTERPRETER = "interpreter", _("interpreter")
    AV_MANAGER = "av_manager", _("AV / stage manager")


# Role kinds, each at most once.
validate_role_kinds = ListValidator(max_items=len(RoleKind.values), item_choices=RoleKind.values)
# Cues of one run-of-show.
MAX_CUES = 200


class Ceremony(TimeStampedModel):
    class Kind(models.TextChoices):
        OPENING = "opening", _("opening ceremony")
        CLOSING = "closing", _("closing ceremony")
        FLAG_HANDOVER = "flag_handover", _("flag handover")
        AWARD = "award", _("award ceremony")
        GALA = "gala", _("gala")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REHEARSED = "rehearsed", _("rehearsed")
        FINAL = "final", _("final")

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="ceremonies"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    session = models.ForeignKey(
        Session,
        verbose_name=_("agenda session"),
        on_delete=models.PROTECT,
        related_name="ceremonies",
        help_text=_("The run-of-show starts when this session starts and must fit in it."),
    )
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
    notes_en = models.TextField(
        _("notes (English)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    notes_fr = models.TextField(
        _("notes (French)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    notes_es = models.TextField(
        _("notes (Spanish)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    notes_ar = models.TextField(
        _("notes (Arabic)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    required_roles = models.JSONField(
        _("required roles"),
        default=list,
        blank=True,
        validators=[validate_role_kinds],
        help_text=_("Roles that must all be filled before the ceremony can be marked final."),
    )
    outgoing_country = models.ForeignKey(
        MemberCountry,
        verbose_name=_("outgoing host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outgoing_label = models.CharField(
        _("outgoing host as shown"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to show the country's name."),
        validators=[validate_single_line],
    )
    outgoing_label_fr = _translation(_("outgoing host as shown"), "fr", 100)
    outgoing_label_es = _translation(_("outgoing host as shown"), "es", 100)
    outgoing_label_ar = _translation(_("outgoing host as shown"), "ar", 100)
    incoming_country = models.ForeignKey(
        MemberCountry,
        verbose_name=_("incoming host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The member country whose delegation receives the flag (China for Hong Kong)."),
    )
    incoming_label = models.CharField(
        _("incoming host as shown"),
        max_length=100,
        blank=True,
        help_text=_('e.g. "Hong Kong, China"; leave empty to show the country\'s name.'),
        validators=[validate_single_line],
    )
    incoming_label_fr = _translation(_("incoming host as shown"), "fr", 100)
    incoming_label_es = _translation(_("incoming host as shown"), "es", 100)
    incoming_label_ar = _translation(_("incoming host as shown"), "ar", 100)
    live_ended_at = models.DateTimeField(
        _("run ended"), null=True, blank=True, validators=[validate_plausible_date]
    )

    class Meta:
        verbose_name = _("ceremony")
        verbose_name_plural = _("ceremonies")
        ordering = ["assembly", "session__starts_at", "id"]
        constraints = [
            text_length_constraint(
                "ceremonies_ceremony_text_bounded",
                **{f"notes_{lang}": DESCRIPTION_MAX_LENGTH for lang in ("en", "fr", "es", "ar")},
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.session_id and self.assembly_id and self.session.assembly_id != self.assembly_id:
            errors["session"] = _("The session belongs to another assembly.")
        if self.kind == self.Kind.FLAG_HANDOVER:
            if not (self.outgoing_country_id or self.outgoing_label):
                errors["outgoing_country"] = _("A flag handover needs an outgoing host.")
            if not (self.incoming_country_id or self.incoming_label):
                errors["incoming_country"] = _("A flag handover needs an incoming host.")
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def notes(self) -> str:
        return localised(self, "notes")

    @property
    def outgoing_host(self) -> str:
        label = localised(self, "outgoing_label")
        return label or (str(self.outgoing_country) if self.outgoing_country else "")

    @property
    def incoming_host(self) -> str:
        label = localised(self, "incoming_label")
        return label or (str(self.incoming_country) if self.incoming_country else "")

    @property
    def has_flag_handover(self) -> bool:
        return bool(self.outgoing_host and self.incoming_host)


class CeremonyRole(TimeStampedModel):
    """A part in a ceremony, filled by a delegate or by a named guest (who may have no account)."""

    ceremony = models.ForeignKey(
        Ceremony, verbose_name=_("ceremony"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    delegate = models.ForeignKey(
        Delegate,
        verbose_name=_("delegate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ceremony_roles",
    )
    guest_name = models.CharField(
        _("guest name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    guest_email = models.EmailField(_("guest e-mail"), blank=True)
    guest_function = models.CharField(
        _("guest's function or organisation"),
        max_length=200,
        blank=True,
        help_text=_('Shown after the name, e.g. "Hong Kong Police Force".'),
        validators=[validate_single_line],
    )
    guest_function_fr = _translation(_("guest's function or organisation"), "fr", 200)
    guest_function_es = _translation(_("guest's function or organisation"), "es", 200)
    guest_function_ar = _translation(_("guest's function or organisation"), "ar", 200)
    call_time = models.DateTimeField(
        _("call time"),
        null=True,
        blank=True,
        help_text=_("When to be at the stage entrance."),
        validators=[validate_plausible_date],
    )
    position = models.CharField(
        _("position on stage"), max_length=200, blank=True, validators=[validate_single_line]
    )
    position_fr = _translation(_("position on stage"), "fr", 200)
    position_es = _translation(_("position on stage"), "es", 200)
    position_ar = _translation(_("position on stage"), "ar", 200)
    notes = models.CharField(
        _("notes"), max_length=255, blank=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("ceremony role")
        verbose_name_plural = _("ceremony roles")
        ordering = ["ceremony", "call_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(delegate__isnull=False, guest_name="")
                    | models.Q(delegate__isnull=True) & ~models.Q(guest_name="")
                ),
                name="ceremonies_role_delegate_xor_guest",
                violation_error_message=_("A role is filled by a delegate or a named guest."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person_name}"

    def clean(self) -> None:
        if (
            self.delegate is not None
            and self.ceremony_id
            and self.delegate.delegation.assembly_id != self.ceremony.assembly_id
        ):
            raise ValidationError({"delegate": _("This delegate is at another assembly.")})

    @property
    def person_name(self) -> str:
        return self.delegate.full_name if self.delegate is not None else self.guest_name

    @property
    def display_guest_function(self) -> str:
        """A guest's function or organisation in the reader's language (a delegate's: none)."""
        return localised(self, "guest_function") if self.delegate_id is None else ""

    @property
    def person_label(self) -> str:
        """The person's name, then a guest's function or organisation ("…, Hong Kong Police")."""
        function = self.display_guest_function
        return listing([self.person_name, function]) if function else self.person_name

    @property
    def display_position(self) -> str:
        """The position on stage in the reader's language."""
        return localised(self, "position")


class Cue(TimeStampedModel):
    """One line of the run-of-show; its planned start follows from the durations before it."""

    ceremony = models.ForeignKey(
        Ceremony, verbose_name=_("ceremony"), on_delete=models.CASCADE, related_name="cues"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
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
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    description_fr = _text_translation(_("description"), "fr", DESCRIPTION_MAX_LENGTH)
    description_es = _text_translation(_("description"), "es", DESCRIPTION_MAX_LENGTH)
    description_ar = _text_translation(_("description"), "ar", DESCRIPTION_MAX_LENGTH)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    responsible_roles = models.JSONField(
        _("responsible roles"), default=list, blank=True, validators=[validate_role_kinds]
    )
    position = models.CharField(
        _("position on stage"), max_length=200, blank=True, validators=[validate_single_line]
    )
    position_fr = _translation(_("position on stage"), "fr", 200)
    position_es = _translation(_("position on stage"), "es", 200)
    position_ar = _translation(_("position on stage"), "ar", 200)
    av_instructions = models.TextField(
        _("AV and technical"),
        blank=True,
        help_text=_("Music, video, lights, microphones."),
        max_length=NOTE_MAX_LENGTH,
        validators=text_validators(NOTE_MAX_LENGTH),
    )
    av_instructions_fr = _text_translation(_("AV and technical"), "fr", NOTE_MAX_LENGTH)
    av_instructions_es = _text_translation(_("AV and technical"), "es", NOTE_MAX_LENGTH)
    av_instructions_ar = _text_translation(_("AV and technical"), "ar", NOTE_MAX_LENGTH)
    interpretation_notes = models.TextField(
        _("interpretation notes"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=text_validators(NOTE_MAX_LENGTH),
    )
    interpretation_notes_fr = _text_translation(_("interpretation notes"), "fr", NOTE_MAX_LENGTH)
    interpretation_notes_es = _text_translation(_("interpretation notes"), "es", NOTE_MAX_LENGTH)
    interpretation_notes_ar = _text_translation(_("interpretation notes"), "ar", NOTE_MAX_LENGTH)
    actual_started_at = models.DateTimeField(
        _("actually started"), null=True, blank=True, validators=[validate_plausible_date]
    )

    class Meta:
        verbose_name = _("cue")
        verbose_name_plural = _("cues")
        ordering = ["ceremony", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="ceremonies_cue_duration_range",
                violation_error_message=_("A cue lasts between 1 and 600 minutes."),
            ),
            models.UniqueConstraint(
                fields=["ceremony", "order"],
                name="ceremonies_cue_order_unique",
                violation_error_message=_("Another cue of this ceremony has this number."),
            ),
            text_length_constraint(
                "ceremonies_cue_text_bounded",
                description=DESCRIPTION_MAX_LENGTH,
                av_instructions=NOTE_MAX_LENGTH,
                interpretation_notes=NOTE_MAX_LENGTH,
                **{f"av_instructions_{lang}": NOTE_MAX_LENGTH for lang in TRANSLATED},
                **{f"description_{lang}": DESCRIPTION_MAX_LENGTH for lang in TRANSLATED},
                **{f"interpretation_notes_{lang}": NOTE_MAX_LENGTH for lang in TRANSLATED},
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def display_position(self) -> str:
        """The position on stage in the reader's language."""
        return localised(self, "position")

    @property
    def display_av_instructions(self) -> str:
        """The AV and technical instructions in the reader's language."""
        return localised(self, "av_instructions")

    @property
    def display_description(self) -> str:
        """The description in the reader's language."""
        return localised(self, "description")

    @property
    def display_interpretation_notes(self) -> str:
        """The notes for the interpreters in the reader's language."""
        return localised(self, "interpretation_notes")

    def responsible_role_labels(self) -> list[str]:
        labels = dict(RoleKind.choices)
        return [str(labels[kind]) for kind in self.responsible_roles if kind in labels]


class Rehearsal(TimeStampedModel):
    ceremony = models.ForeignKey(
        Ceremony, verbose_name=_("ceremony"), on_delete=models.CASCADE, related_name="rehearsals"
    )
    starts_at = models.DateTimeField(_("starts"), validators=[validate_plausible_date])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_plausible_date])
    place = models.CharField(_("place"), max_length=200, validators=[validate_single_line])
    place_fr = _translation(_("place"), "fr", 200)
    place_es = _translation(_("place"), "es", 200)
    place_ar = _translation(_("place"), "ar", 200)
    attendees = models.ManyToManyField(
        CeremonyRole,
        verbose_name=_("who must come"),
        blank=True,
        related_name="rehearsals",
    )
    notes = models.CharField(
        _("notes"), max_length=255, blank=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("rehearsal")
        verbose_name_plural = _("rehearsals")
        ordering = ["ceremony", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="ceremonies_rehearsal_ends_after_start",
                violation_error_message=_("A rehearsal must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.ceremony}: rehearsal {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def display_place(self) -> str:
        """Where the rehearsal is, in the reader's language."""
        return localised(self, "place")


class PrecedenceEntry(TimeStampedModel):
    """Protocol order of precedence of the people on stage: rank 1 is the most senior.

    Seating follows the rank; speeches follow it in reverse (the most senior speaks last).
    """

    ceremony = models.ForeignKey(
        Ceremony, verbose_name=_("ceremony"), on_delete=models.CASCADE, related_name="precedence"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    role = models.ForeignKey(
        CeremonyRole,
        verbose_name=_("role"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="precedence_entries",
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("For someone without a role."),
        validators=[validate_single_line],
    )
    seat = models.CharField(_("seat"), max_length=50, blank=True, validators=[validate_single_line])
    seat_fr = _translation(_("seat"), "fr", 50)
    seat_es = _translation(_("seat"), "es", 50)
    seat_ar = _translation(_("seat"), "ar", 50)
    speaks = models.BooleanField(_("gives a speech"), default=False)

    class Meta:
        verbose_name = _("order of precedence entry")
        verbose_name_plural = _("order of precedence")
        ordering = ["ceremony", "rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__isnull=False) | ~models.Q(name=""),
                name="ceremonies_precedence_has_person",
                violation_error_message=_("Choose a role or write a name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.person_name}"

    @property
    def person_name(self) -> str:
        return self.name or (self.role.person_name if self.role is not None else "")

    @property
    def person_label(self) -> str:
        """The name, and a guest's function or organisation in the reader's language."""
        return self.name or (self.role.person_label if self.role is not None else "")

    @property
    def display_seat(self) -> str:
        """The seat in the reader's language."""
        return localised(self, "seat")


class CeremonyTemplate(TimeStampedModel):
    """A ceremony's run-of-show kept for an edition with no session yet: its cues and parts at
    times relative to the ceremony's start. "Prepare the next edition" copies the previous
    edition's ceremonies here; organisers then create the real ceremony from it once the new
    edition has a session for it (`services.create_ceremony_from_template`).

    For a flag handover, the outgoing host is this edition's host (the previous handover's
    incoming host); the incoming host is the next edition's, set when it is known.
    """

    assembly = models.ForeignKey(
        Assembly,
        verbose_name=_("assembly"),
        on_delete=models.PROTECT,
        related_name="ceremony_templates",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Ceremony.Kind.choices)
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
    notes_en = models.TextField(
        _("notes (English)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    notes_fr = models.TextField(
        _("notes (French)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    notes_es = models.TextField(
        _("notes (Spanish)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    notes_ar = models.TextField(
        _("notes (Arabic)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    required_roles = models.JSONField(
        _("required roles"), default=list, blank=True, validators=[validate_role_kinds]
    )
    outgoing_country = models.ForeignKey(
        MemberCountry,
        verbose_name=_("outgoing host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outgoing_label = models.CharField(
        _("outgoing host as shown"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
    )
    outgoing_label_fr = _translation(_("outgoing host as shown"), "fr", 100)
    outgoing_label_es = _translation(_("outgoing host as shown"), "es", 100)
    outgoing_label_ar = _translation(_("outgoing host as shown"), "ar", 100)
    incoming_country = models.ForeignKey(
        MemberCountry,
        verbose_name=_("incoming host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    incoming_label = models.CharField(
        _("incoming host as shown"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
    )
    incoming_label_fr = _translation(_("incoming host as shown"), "fr", 100)
    incoming_label_es = _translation(_("incoming host as shown"), "es", 100)
    incoming_label_ar = _translation(_("incoming host as shown"), "ar", 100)

    class Meta:
        verbose_name = _("ceremony template")
        verbose_name_plural = _("ceremony templates")
        ordering = ["assembly", "kind", "id"]
        constraints = [
            text_length_constraint(
                "ceremonies_template_text_bounded",
                **{f"notes_{lang}": DESCRIPTION_MAX_LENGTH for lang in ("en", "fr", "es", "ar")},
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localised(self, "title")


class CueTemplate(TimeStampedModel):
    """One line of a template's run-of-show: it starts when the cues before it have run."""

    template = models.ForeignKey(
        CeremonyTemplate,
        verbose_name=_("ceremony template"),
        on_delete=models.CASCADE,
        related_name="cues",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
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
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    description_fr = _text_translation(_("description"), "fr", DESCRIPTION_MAX_LENGTH)
    description_es = _text_translation(_("description"), "es", DESCRIPTION_MAX_LENGTH)
    description_ar = _text_translation(_("description"), "ar", DESCRIPTION_MAX_LENGTH)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    responsible_roles = models.JSONField(
        _("responsible roles"), default=list, blank=True, validators=[validate_role_kinds]
    )
    position = models.CharField(
        _("position on stage"), max_length=200, blank=True, validators=[validate_single_line]
    )
    position_fr = _translation(_("position on stage"), "fr", 200)
    position_es = _translation(_("position on stage"), "es", 200)
    position_ar = _translation(_("position on stage"), "ar", 200)
    av_instructions = models.TextField(
        _("AV and technical"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=text_validators(NOTE_MAX_LENGTH),
    )
    av_instructions_fr = _text_translation(_("AV and technical"), "fr", NOTE_MAX_LENGTH)
    av_instructions_es = _text_translation(_("AV and technical"), "es", NOTE_MAX_LENGTH)
    av_instructions_ar = _text_translation(_("AV and technical"), "ar", NOTE_MAX_LENGTH)
    interpretation_notes = models.TextField(
        _("interpretation notes"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=text_validators(NOTE_MAX_LENGTH),
    )
    interpretation_notes_fr = _text_translation(_("interpretation notes"), "fr", NOTE_MAX_LENGTH)
    interpretation_notes_es = _text_translation(_("interpretation notes"), "es", NOTE_MAX_LENGTH)
    interpretation_notes_ar = _text_translation(_("interpretation notes"), "ar", NOTE_MAX_LENGTH)

    class Meta:
        verbose_name = _("template cue")
        verbose_name_plural = _("template cues")
        ordering = ["template", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="ceremonies_cuetemplate_duration_range",
                violation_error_message=_("A cue lasts between 1 and 600 minutes."),
            ),
            models.UniqueConstraint(
                fields=["template", "order"],
                name="ceremonies_cuetemplate_order_unique",
                violation_error_message=_("Another cue of this template has this number."),
            ),
            text_length_constraint(
                "ceremonies_cuetemplate_text_bounded",
                description=DESCRIPTION_MAX_LENGTH,
                av_instructions=NOTE_MAX_LENGTH,
                interpretation_notes=NOTE_MAX_LENGTH,
                **{f"av_instructions_{lang}": NOTE_MAX_LENGTH for lang in TRANSLATED},
                **{f"description_{lang}": DESCRIPTION_MAX_LENGTH for lang in TRANSLATED},
                **{f"interpretation_notes_{lang}": NOTE_MAX_LENGTH for lang in TRANSLATED},
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def title(self) -> str:
        return localised(self, "title")


class RoleTemplate(TimeStampedModel):
    """A part in a template: its call time relative to the ceremony's start (negative: before).

    A named guest (the master of ceremonies, an interpreter) is kept; a part a delegate played
    is left to fill, since delegates do not carry over from one edition to the next.
    """

    template = models.ForeignKey(
        CeremonyTemplate,
        verbose_name=_("ceremony template"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    call_offset_minutes = models.SmallIntegerField(
        _("call time (minutes from the start)"),
        null=True,
        blank=True,
        help_text=_("Negative: before the ceremony starts (-30 is half an hour before)."),
    )
    guest_name = models.CharField(
        _("guest name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    guest_email = models.EmailField(_("guest e-mail"), blank=True)
    guest_function = models.CharField(
        _("guest's function or organisation"),
        max_length=200,
        blank=True,
        help_text=_('Shown after the name, e.g. "Hong Kong Police Force".'),
        validators=[validate_single_line],
    )
    guest_function_fr = _translation(_("guest's function or organisation"), "fr", 200)
    guest_function_es = _translation(_("guest's function or organisation"), "es", 200)
    guest_function_ar = _translation(_("guest's function or organisation"), "ar", 200)
    position = models.CharField(
        _("position on stage"), max_length=200, blank=True, validators=[validate_single_line]
    )
    position_fr = _translation(_("position on stage"), "fr", 200)
    position_es = _translation(_("position on stage"), "es", 200)
    position_ar = _translation(_("position on stage"), "ar", 200)
    notes = models.CharField(
        _("notes"), max_length=255, blank=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("template role")
        verbose_name_plural = _("template roles")
        ordering = ["template", "call_offset_minutes", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(call_offset_minutes__gte=-1440, call_offset_minutes__lte=1440)
                | models.Q(call_offset_minutes__isnull=True),
                name="ceremonies_roletemplate_offset_range",
                violation_error_message=_("A call time is within a day of the start."),
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: {self.guest_name}"
            if self.guest_name
            else str(self.get_kind_display())
        )
