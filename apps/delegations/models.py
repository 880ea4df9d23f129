"""Member countries, observer organisations, delegations per assembly and their delegates."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.i18n import localised
from apps.core.models import Assembly, TimeStampedModel
from apps.core.validators import (
    REASON_MAX_LENGTH,
    ListValidator,
    assembly_window_errors,
    text_length_constraint,
    text_validators,
    validate_plausible_date,
    validate_single_line,
)
from apps.delegations.files import (
    letter_upload_to,
    photo_upload_to,
    validate_letter,
    validate_photo,
)

validate_iso2 = RegexValidator(
    r"^[A-Z]{2}\Z", _("The ISO code is two capital letters."), code="iso2"
)


class Region(models.TextChoices):
    """The four statutory regions; they drive Executive Committee elections."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA = "asia", _("Asia and South Pacific")
    EUROPE = "europe", _("Europe")


class MemberCountry(TimeStampedModel):
    """One of INTERPOL's 196 member countries; organisers may correct the region."""

    class RegionConfidence(models.TextChoices):
        EVIDENCED = "evidenced", _("evidenced")
        INFERRED = "inferred", _("inferred")
        AMBIGUOUS = "ambiguous", _("ambiguous (check)")

    iso2 = models.CharField(_("ISO code"), max_length=2, unique=True, validators=[validate_iso2])
    name_en = models.CharField(
        _("name (English)"), max_length=100, validators=[validate_single_line]
    )
    name_fr = models.CharField(
        _("name (French)"), max_length=100, blank=True, validators=[validate_single_line]
    )
    name_es = models.CharField(
        _("name (Spanish)"), max_length=100, blank=True, validators=[validate_single_line]
    )
    name_ar = models.CharField(
        _("name (Arabic)"), max_length=100, blank=True, validators=[validate_single_line]
    )
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    region_confidence = models.CharField(
        _("region confidence"),
        max_length=10,
        choices=RegionConfidence.choices,
        default=RegionConfidence.INFERRED,
    )
    region_note = models.CharField(
        _("region note"), max_length=255, blank=True, validators=[validate_single_line]
    )
    member_since = models.PositiveSmallIntegerField(_("member since"), null=True, blank=True)
    active = models.BooleanField(_("active member"), default=True)

    class Meta:
        verbose_name = _("member country")
        verbose_name_plural = _("member countries")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso2__regex=r"^[A-Z]{2}$"),
                name="delegations_country_iso2_format",
                violation_error_message=_("The ISO code is two capital letters."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, English where that translation is missing."""
        return localised(self, "name")


class Organisation(TimeStampedModel):
    """An observer or guest: international and regional organisations, academia, think tanks."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("international organisation")
        REGIONAL = "regional", _("regional organisation")
        ACADEMIC = "academic", _("academic body")
        THINK_TANK = "think_tank", _("think tank")
        SECRETARIAT = "secretariat", _("INTERPOL General Secretariat")
        OTHER = "other", _("other")

    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_single_line]
    )
    # The name in the other official languages; `name` is the English one (see `localised`).
    name_fr = models.CharField(
        _("name (French)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    name_es = models.CharField(
        _("name (Spanish)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    name_ar = models.CharField(
        _("name (Arabic)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        name = self.display_name
        return f"{name} ({self.acronym})" if self.acronym else name

    @property
    def display_name(self) -> str:
        """The name in the active language, English where that translation is missing."""
        return localised(self, "name")


class Delegation(TimeStampedModel):
    """A country's or an organisation's delegation to one assembly."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("member country")
        HOST = "host", _("host country")
        OBSERVER = "observer", _("observer")
        SECRETARIAT = "secretariat", _("General Secretariat")

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        REGISTERING = "registering", _("registering")
        REGISTERED = "registered", _("registered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="delegations"
    )
    country = models.ForeignKey(
        MemberCountry,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MEMBER)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INVITED
    )
    quota = models.PositiveSmallIntegerField(
        _("size quota"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the assembly's default quota."),
    )
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal points"),
        blank=True,
        related_name="delegations",
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["assembly", "country__name_en", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "country"],
                name="delegations_one_per_country",
                violation_error_message=_(
                    "This country already has a delegation at this assembly."
                ),
            ),
            models.UniqueConstraint(
                fields=["assembly", "organisation"],
                name="delegations_one_per_organisation",
                violation_error_message=_(
                    "This organisation already has a delegation at this assembly."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(country__isnull=False, organisation__isnull=True)
                    | models.Q(country__isnull=True, organisation__isnull=False)
                ),
                name="delegations_country_xor_organisation",
                violation_error_message=_(
                    "A delegation is either a country's or an organisation's."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(self.country) if self.country_id else str(self.organisation)

    @property
    def code(self) -> str:
        """Short id for people and the scheduler: the ISO code, or the organisation's acronym."""
        if self.country_id and self.country is not None:
            return self.country.iso2
        acronym = self.organisation.acronym if self.organisation is not None else ""
        return acronym or f"ORG{self.organisation_id}"

    @property
    def is_member(self) -> bool:
        """Member and host delegations vote and present credentials."""
        return self.kind in (self.Kind.MEMBER, self.Kind.HOST)


# Languages a delegate may list.
MAX_LANGUAGES = 10


class AccreditationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Delegate(TimeStampedModel):
    """A person in one delegation."""

    Accreditation = AccreditationStatus

    class Function(models.TextChoices):
        HEAD = "head", _("head of delegation")
        DEPUTY_HEAD = "deputy_head", _("deputy head")
        DELEGATE = "delegate", _("delegate")
        EXPERT = "expert", _("expert")
        LIAISON = "liaison", _("liaison officer")
        SECURITY = "security", _("security officer")
        INTERPRETER = "interpreter", _("interpreter")
        OBSERVER = "observer", _("observer")

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="delegates"
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
    honorific = models.CharField(
        _("honorific or rank"), max_length=100, blank=True, validators=[validate_single_line]
    )
    position = models.CharField(
        _("position"), max_length=200, blank=True, validators=[validate_single_line]
    )
    function = models.CharField(
        _("function in the delegation"),
        max_length=12,
        choices=Function.choices,
        default=Function.DELEGATE,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_single_line]
    )
    languages = models.JSONField(
        _("languages spoken"),
        default=list,
        blank=True,
        validators=[ListValidator(max_items=MAX_LANGUAGES, item_max_length=3)],
        help_text=_("Language codes such as en, fr; each once."),
    )
    arrival_date = models.DateField(
        _("arrival"), null=True, blank=True, validators=[validate_plausible_date]
    )
    departure_date = models.DateField(
        _("departure"), null=True, blank=True, validators=[validate_plausible_date]
    )
    photo = models.FileField(
        _("photo"),
        upload_to=photo_upload_to,
        blank=True,
        validators=[validate_photo],
        help_text=_("For the badge: JPEG or PNG, at most 2 MB."),
    )

    # Accreditation: draft -> submitted -> approved | rejected | withdrawn; organisers reopen.
    accreditation_status = models.CharField(
        _("accreditation"),
        max_length=10,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.DRAFT,
        db_index=True,
    )
    accreditation_number = models.CharField(
        _("accreditation number"), max_length=20, null=True, blank=True, unique=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(
        _("reason for rejection"),
        blank=True,
        max_length=REASON_MAX_LENGTH,
        validators=text_validators(REASON_MAX_LENGTH),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["delegation", "family_name", "given_names"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(accreditation_status="rejected")
                | ~models.Q(rejection_reason=""),
                name="delegations_delegate_rejection_has_reason",
                violation_error_message=_("A rejection needs a reason."),
            ),
            models.CheckConstraint(
                condition=~models.Q(accreditation_status="approved")
                | models.Q(accreditation_number__isnull=False),
                name="delegations_delegate_approved_has_number",
                violation_error_message=_("An approved delegate has an accreditation number."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(arrival_date__isnull=True)
                    | models.Q(departure_date__isnull=True)
                    | models.Q(departure_date__gte=models.F("arrival_date"))
                ),
                name="delegations_delegate_dates_ordered",
                violation_error_message=_("Departure cannot be before arrival."),
            ),
            models.UniqueConstraint(
                "delegation",
                Lower("email"),
                condition=~models.Q(email=""),
                name="delegations_delegate_email_unique",
                violation_error_message=_(
                    "Another delegate of this delegation has this e-mail address."
                ),
            ),
            text_length_constraint(
                "delegations_delegate_text_bounded", rejection_reason=REASON_MAX_LENGTH
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        """Travel dates lie around the assembly's days."""
        if self.delegation_id:
            errors = assembly_window_errors(
                self.delegation.assembly,
                arrival_date=self.arrival_date,
                departure_date=self.departure_date,
            )
            if errors:
                raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        parts = [self.honorific, self.given_names, self.family_name.upper()]
        return " ".join(part for part in parts if part)

    @property
    def is_editable(self) -> bool:
        """Focal points change a delegate until approved (organisers reopen to allow it again)."""
        return self.accreditation_status in (
            AccreditationStatus.DRAFT,
            AccreditationStatus.SUBMITTED,
            AccreditationStatus.REJECTED,
        )


class DelegationSettings(TimeStampedModel):
    """Organiser-set defaults of one assembly: the delegation size quotas."""

    assembly = models.OneToOneField(
        Assembly,
        verbose_name=_("assembly"),
        on_delete=models.CASCADE,
        related_name="delegation_settings",
    )
    member_quota = models.PositiveSmallIntegerField(
        _("default quota of member delegations"), default=10
    )
    observer_quota = models.PositiveSmallIntegerField(
        _("default quota of observer delegations"), default=4
    )
    invitation_days = models.PositiveSmallIntegerField(
        _("invitation links expire after (days)"), default=14
    )

    class Meta:
        verbose_name = _("delegation settings")
        verbose_name_plural = _("delegation settings")

    def __str__(self) -> str:
        return str(self.assembly)

    def quota_for(self, delegation: Delegation) -> int:
        if delegation.quota is not None:
            return delegation.quota
        if delegation.kind == Delegation.Kind.OBSERVER:
            return self.observer_quota
        return self.member_quota


class Credentials(TimeStampedModel):
    """A member delegation's credentials: the letter, who heads it and who votes."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        PROVISIONAL = "provisional", _("provisional")
        CONTESTED = "contested", _("contested")

    delegation = models.OneToOneField(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="credentials",
    )
    letter = models.FileField(
        _("letter"),
        upload_to=letter_upload_to,
        blank=True,
        validators=[validate_letter],
        help_text=_("The letter from the competent authority: PDF, JPEG or PNG, at most 10 MB."),
    )
    issued_by = models.CharField(
        _("issued by"), max_length=200, blank=True, validators=[validate_single_line]
    )
    issued_on = models.DateField(
        _("date of the letter"), null=True, blank=True, validators=[validate_plausible_date]
    )
    head = models.ForeignKey(
        Delegate,
        verbose_name=_("head of delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voting_delegate = models.ForeignKey(
        Delegate,
        verbose_name=_("voting delegate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    alternate = models.ForeignKey(
        Delegate,
        verbose_name=_("alternate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("committee status"),
        max_length=12,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    note = models.TextField(
        _("committee note"),
        blank=True,
        max_length=REASON_MAX_LENGTH,
        validators=text_validators(REASON_MAX_LENGTH),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("credentials")
        verbose_name_plural = _("credentials")
        ordering = ["delegation"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="contested") | ~models.Q(note=""),
                name="delegations_credentials_contested_has_note",
                violation_error_message=_("Contested credentials need a note."),
            ),
            models.CheckConstraint(
                condition=models.Q(voting_delegate__isnull=True)
                | models.Q(alternate__isnull=True)
                | ~models.Q(voting_delegate=models.F("alternate")),
                name="delegations_credentials_alternate_not_voter",
                violation_error_message=_(
                    "The alternate cannot be the voting delegate themselves."
                ),
            ),
            text_length_constraint("delegations_credentials_text_bounded", note=REASON_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return str(_("Credentials of %(delegation)s") % {"delegation": self.delegation})
