"""Badge categories and zones per assembly, badges (one per approved participant), gate scans."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.agenda.models import Room, Session
from apps.core.i18n import localised
from apps.core.models import Assembly, TimeStampedModel
from apps.core.validators import REASON_MAX_LENGTH, ListValidator, validate_single_line
from apps.delegations.files import EXTENSIONS, validate_photo
from apps.delegations.models import Delegate, MemberCountry

validate_colour = RegexValidator(
    r"^#[0-9A-Fa-f]{6}\Z", _("A colour is written #RRGGBB."), code="colour"
)
validate_code = RegexValidator(
    r"^[a-z0-9_-]{1,30}\Z", _("Lower-case letters, digits, - and _ only."), code="code"
)


def participant_photo_upload_to(instance, filename: str) -> str:
    """`badges/photos/<random hex><known extension>`: nothing of the uploaded name is kept."""
    extension = os.path.splitext(filename or "")[1].lower()
    return f"badges/photos/{uuid.uuid4().hex}{extension if extension in EXTENSIONS else ''}"


class Zone(TimeStampedModel):
    """An area behind a gate: the plenary hall, the press room, back of house."""

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="zones"
    )
    code = models.CharField(_("code"), max_length=30, validators=[validate_code])
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
    no_passback = models.BooleanField(
        _("refuse a second entry"),
        default=False,
        help_text=_("Refuse an entry while the badge is already inside this zone."),
    )
    plenary = models.BooleanField(
        _("plenary hall"),
        default=False,
        help_text=_("Member countries present here count towards the quorum."),
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The agenda's room this zone is: its sessions can open it to a category."),
    )

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["assembly", "name"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "code"], name="badges_zone_code_unique")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language, as written where not translated."""
        return localised(self, "name")


class BadgeCategory(TimeStampedModel):
    """Head of delegation, delegate, observer, media...: a colour and the zones it opens."""

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("code"), max_length=30, validators=[validate_code])
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
    colour = models.CharField(
        _("colour"), max_length=7, default="#1F4E79", validators=[validate_colour]
    )
    zones = models.ManyToManyField(
        Zone, verbose_name=_("zones"), blank=True, related_name="categories"
    )

    class Meta:
        verbose_name = _("badge category")
        verbose_name_plural = _("badge categories")
        ordering = ["assembly", "name"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "code"], name="badges_category_code_unique")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language, as written where not translated."""
        return localised(self, "name")


class SessionAccess(TimeStampedModel):
    """A category enters a zone tied to a room only while a session open to it is held there
    (e.g. the press in the plenary hall: the opening and the closing), from `margin` minutes
    before it starts to `margin` minutes after it ends."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="session_access"
    )
    category = models.ForeignKey(
        BadgeCategory,
        verbose_name=_("badge category"),
        on_delete=models.CASCADE,
        related_name="session_access",
    )
    session_kinds = models.JSONField(
        _("kinds of session open to this category"),
        default=list,
        blank=True,
        validators=[
            ListValidator(
                max_items=len(Session.Kind.choices), item_choices=list(Session.Kind.values)
            )
        ],
        help_text=_("Every session of these kinds in the zone's room, e.g. opening, ceremony."),
    )
    sessions = models.ManyToManyField(
        Session,
        verbose_name=_("sessions open to this category"),
        blank=True,
        related_name="+",
        help_text=_("Sessions flagged one by one, in the zone's room."),
    )
    margin_minutes = models.PositiveSmallIntegerField(
        _("margin (minutes)"),
        default=30,
        help_text=_("The zone opens this long before a session and closes this long after."),
    )

    class Meta:
        verbose_name = _("access during sessions")
        verbose_name_plural = _("access during sessions")
        ordering = ["zone", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "category"],
                name="badges_sessionaccess_unique",
                violation_error_message=_("This category's access to this zone is set already."),
            ),
            models.CheckConstraint(
                condition=models.Q(margin_minutes__lte=720),
                name="badges_sessionaccess_margin",
                violation_error_message=_("A margin is at most 720 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.zone}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.zone_id and self.zone.room_id is None:
            raise ValidationError({"zone": _("Tie the zone to a room first.")})
        if self.zone_id and self.category_id and self.zone.assembly_id != self.category.assembly_id:
            raise ValidationError({"category": _("A category of another assembly.")})


class Participant(TimeStampedModel):
    """Someone who is no delegate of a delegation: staff, media, interpreters, guests."""

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="+"
    )
    family_name = models.CharField(
        _("family name"), max_length=100, validators=[validate_single_line]
    )
    given_names = models.CharField(
        _("given names"), max_length=150, validators=[validate_single_line]
    )
    family_name_native = models.CharField(
        _("family name (native script)"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
    )
    given_names_native = models.CharField(
        _("given names (native script)"),
        max_length=150,
        blank=True,
        validators=[validate_single_line],
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, validators=[validate_single_line]
    )
    function = models.CharField(
        _("function"), max_length=200, blank=True, validators=[validate_single_line]
    )
    category = models.ForeignKey(
        BadgeCategory,
        verbose_name=_("badge category"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    approved = models.BooleanField(_("approved"), default=False)
    accreditation_number = models.CharField(
        _("accreditation number"), max_length=20, unique=True, null=True, blank=True
    )
    photo = models.FileField(
        _("photo"),
        upload_to=participant_photo_upload_to,
        blank=True,
        validators=[validate_photo],
        help_text=_("For the badge: JPEG or PNG, at most 2 MB."),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants (not delegates)")
        ordering = ["assembly", "family_name", "given_names"]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name.upper()}"


class Badge(TimeStampedModel):
    """The badge of one approved participant. A reprint raises the version: the old card stops
    working. The QR code holds only a signed token (id, version, expiry)."""

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        BadgeCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="badges"
    )
    delegate = models.OneToOneField(
        Delegate,
        verbose_name=_("delegate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="badge",
    )
    participant = models.OneToOneField(
        Participant,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="badge",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("printed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collected_at = models.DateTimeField(_("collected"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("reason for revocation"),
        max_length=REASON_MAX_LENGTH,
        blank=True,
        validators=[validate_single_line],
    )

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["assembly", "id"]
        permissions = [
            ("print_badge", _("Can print badges")),
            ("scan_badge", _("Can scan badges at a gate")),
            ("view_presence", _("Can see who is present")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(delegate__isnull=False, participant__isnull=True)
                    | models.Q(delegate__isnull=True, participant__isnull=False)
                ),
                name="badges_badge_delegate_xor_participant",
                violation_error_message=_("A badge is a delegate's or a participant's."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} ({self.category})" if self.category_id else self.holder_name

    @property
    def holder(self) -> Delegate | Participant:
        return self.delegate if self.delegate_id else self.participant  # type: ignore[return-value]

    @property
    def holder_name(self) -> str:
        holder = self.delegate if self.delegate_id else self.participant
        if holder is None:
            return ""
        return f"{holder.given_names} {holder.family_name.upper()}"

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.collected_at:
            return "collected"
        if self.printed_at:
            return "printed"
        return "issued"


class Direction(models.TextChoices):
    IN = "in", _("in")
    OUT = "out", _("out")


class Reason(models.TextChoices):
    OK = "ok", _("admitted")
    UNKNOWN = "unknown", _("unknown badge")
    REVOKED = "revoked", _("revoked")
    OLD_VERSION = "old_version", _("old version (reprinted)")
    WRONG_ZONE = "wrong_zone", _("not allowed in this zone")
    NOT_YET_VALID = "not_yet_valid", _("not yet valid")
    EXPIRED = "expired", _("expired")
    ALREADY_INSIDE = "already_inside", _("already inside")
    ZONE_CLOSED = "zone_closed", _("zone closed to your category now")


class Scan(models.Model):
    """One scan at a gate; the device's scan id makes a scan sent twice count once."""

    scan_id = models.UUIDField(_("scan id"), unique=True, default=uuid.uuid4)
    badge = models.ForeignKey(
        Badge,
        verbose_name=_("badge"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scans",
    )
    badge_version = models.PositiveIntegerField(_("badge version"), null=True, blank=True)
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="scans"
    )
    gate = models.CharField(_("gate"), max_length=50, validators=[validate_single_line])
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.IN
    )
    scanned_at = models.DateTimeField(_("scanned"), db_index=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    admitted = models.BooleanField(_("admitted"), default=False)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    offline = models.BooleanField(_("scanned offline"), default=False)
    admitted_while_revoked = models.BooleanField(_("admitted while revoked"), default=False)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-scanned_at"]
        indexes = [models.Index(fields=["badge", "zone", "scanned_at"])]

    def __str__(self) -> str:
        return f"{self.gate} {self.get_direction_display()} {self.get_reason_display()}"


class MediaApplication(TimeStampedModel):
    """A journalist's request for accreditation, sent through the public form; organisers
    approve it (a participant of the media category and a badge) or refuse it with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="+"
    )
    family_name = models.CharField(
        _("family name"), max_length=100, validators=[validate_single_line]
    )
    given_names = models.CharField(
        _("given names"), max_length=150, validators=[validate_single_line]
    )
    family_name_native = models.CharField(
        _("family name (native script)"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
    )
    given_names_native = models.CharField(
        _("given names (native script)"),
        max_length=150,
        blank=True,
        validators=[validate_single_line],
    )
    outlet = models.CharField(_("media outlet"), max_length=200, validators=[validate_single_line])
    country = models.ForeignKey(
        MemberCountry, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail address"))
    function = models.CharField(_("function"), max_length=200, validators=[validate_single_line])
    press_card_number = models.CharField(
        _("press card number"), max_length=50, validators=[validate_single_line]
    )
    photo = models.FileField(
        _("photo"), upload_to=participant_photo_upload_to, validators=[validate_photo]
    )
    language = models.CharField(_("language"), max_length=5, default="en")
    consented_at = models.DateTimeField(_("consent given"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(
        _("reason"), max_length=REASON_MAX_LENGTH, blank=True, validators=[validate_single_line]
    )
    participant = models.OneToOneField(
        Participant,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_application",
    )
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        help_text=_("Names, e-mail, press card number and photo removed after the assembly."),
    )

    class Meta:
        verbose_name = _("media application")
        verbose_name_plural = _("media applications")
        ordering = ["assembly", "-created_at"]
        permissions = [
            ("review_media_application", _("Can approve or refuse media applications")),
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return _("Erased application (%(outlet)s)") % {"outlet": self.outlet}
        return f"{self.given_names} {self.family_name.upper()} ({self.outlet})"
